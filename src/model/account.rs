//! Account vocabulary shared by sign-in, profiles and the demo world; the account page's sessions
//! and the account summary operations looks up.

use crate::auth::Role;
use crate::vocabulary::vocabulary;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

vocabulary! {
    /// Whether an account may sign in.
    pub enum AccountStatus {
        Active,
        Disabled,
    }
}

vocabulary! {
    /// A learner's stated level, used to pace recommendations.
    pub enum Level {
        Beginner,
        Intermediate,
        Advanced,
    }
}

vocabulary! {
    /// What an e-mailed single-use link is for.
    pub enum TokenPurpose {
        ResetPassword,
        VerifyEmail,
    }
}

vocabulary! {
    /// The picture a learner taps to find themselves on a shared phone (drawn as an emoji, named
    /// in words for screen readers).
    pub enum PinPicture {
        Sun,
        Moon,
        Star,
        Tree,
        Flower,
        Fish,
        Goat,
        Cow,
        Chicken,
        House,
        Bicycle,
        Drum,
    }
}

impl PinPicture {
    /// The emoji drawn for the picture: no image to download, and every phone has a font for it.
    pub fn emoji(self) -> &'static str {
        match self {
            PinPicture::Sun => "☀️",
            PinPicture::Moon => "🌙",
            PinPicture::Star => "⭐",
            PinPicture::Tree => "🌳",
            PinPicture::Flower => "🌻",
            PinPicture::Fish => "🐟",
            PinPicture::Goat => "🐐",
            PinPicture::Cow => "🐄",
            PinPicture::Chicken => "🐔",
            PinPicture::House => "🏠",
            PinPicture::Bicycle => "🚲",
            PinPicture::Drum => "🥁",
        }
    }
}

/// A cohort's PIN sign-in page: who can sign in through its code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PinCohort {
    pub cohort_name: String,
    /// The code as stored (and in the page's own link).
    pub code: String,
    pub learners: Vec<PinLearner>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PinLearner {
    pub learner_id: i64,
    pub name: String,
    pub picture: PinPicture,
}

/// One signed-in session of the viewer's account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// Ends this session when posted back by its owner.
    pub key: String,
    pub started_on: NaiveDate,
    pub last_seen_on: NaiveDate,
    /// The browser's own description of itself, shortened.
    pub device: String,
    /// The session this page is being shown in.
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub sessions: Vec<SessionInfo>,
}

/// An account found by operations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub status: AccountStatus,
    pub sessions: i64,
}
