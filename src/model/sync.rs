//! Offline sync's wire format (`/api/sync/v1`): the kinds of action a phone queues, and the
//! receipt the server answers each with. The request is `{"version": 1, "actions": [...]}`; the
//! format is described in full in the README ("Offline learning").

use crate::model::forms::{Field, Problem};
use crate::model::learner::AchievementCode;
use crate::vocabulary::vocabulary;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

vocabulary! {
    /// What a queued action does: a lesson saved to the phone, progress on a lesson, a lesson
    /// the learner says they finished, a quiz handed in.
    pub enum SyncKind {
        Saved,
        Progress,
        Complete,
        Quiz,
    }
}

vocabulary! {
    /// An action was applied, or refused for good (sending it again gives the same answer).
    pub enum SyncOutcome {
        Applied,
        Refused,
    }
}

vocabulary! {
    /// How the phone's clock was used: as given, or moved to the nearest time the server
    /// accepts (ahead of the server; before the lesson was saved; older than the oldest bound).
    pub enum SyncClock {
        AsGiven,
        Future,
        BeforeSaved,
        TooOld,
    }
}

/// The answer to one request: a receipt per action, in the order sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncReply {
    pub version: u16,
    pub server_time: DateTime<Utc>,
    pub receipts: Vec<Receipt>,
}

/// What became of one action. Once a receipt is in hand the phone may forget the action: the
/// server holds it, and sending it again only returns this receipt (`replayed`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    /// The action's place in the request.
    pub index: usize,
    /// The action's id as sent; none when the action was too malformed to have one.
    pub id: Option<String>,
    pub outcome: SyncOutcome,
    /// This id had been received before; the receipt is the stored one.
    pub replayed: bool,
    /// When the action counts (the device's time, or the bound it was moved to).
    pub counted_at: Option<DateTime<Utc>>,
    pub clock: Option<SyncClock>,
    pub result: Option<ActionResult>,
    pub refusal: Option<Refusal>,
}

/// What an applied action did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ActionResult {
    Saved {
        lesson_id: i64,
    },
    Lesson {
        lesson_id: i64,
        percent: u8,
        completed: bool,
        /// Seconds of study this action added (capped like any save).
        counted_seconds: i32,
        points: i32,
        earned: Vec<AchievementCode>,
    },
    Quiz {
        assessment_id: i64,
        submission_id: i64,
        /// The share scored, once known (open answers wait for the trainer).
        score: Option<i32>,
        points: i32,
        earned: Vec<AchievementCode>,
    },
}

/// Why an action was refused, and the same in the learner's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refusal {
    pub field: Field,
    pub problem: Problem,
    pub message: String,
}

/// A saved quiz as the phone scores it offline, provisionally, by the server's rules: each item's
/// key (an open answer's reference left out: that is for trainers), points and number of options.
/// The server scores the hand-in again when it arrives, and that score is the one that counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfflineQuiz {
    pub lesson_id: i64,
    pub assessment_id: i64,
    pub pass_score: i32,
    pub items: Vec<OfflineItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfflineItem {
    pub position: i32,
    pub points: i32,
    pub options: usize,
    pub key: crate::domain::assessment::AnswerKey,
}
