//! The trainer's side: cohort, assessment and follow-up vocabulary, and what the console shows.

use crate::vocabulary::vocabulary;
use serde::{Deserialize, Serialize};

vocabulary! {
    pub enum CohortStatus {
        Planned,
        Active,
        Completed,
        Cancelled,
        Archived,
    }
}

vocabulary! {
    /// Single choice: one right option; multiple choice: every right option and no other.
    pub enum ItemKind {
        SingleChoice,
        FillIn,
        Open,
        MultipleChoice,
    }
}

vocabulary! {
    pub enum SubmissionStatus {
        Pending,
        Graded,
        Returned,
    }
}

vocabulary! {
    pub enum InterventionKind {
        Call,
        Message,
        Visit,
        ExtraSession,
        PeerSupport,
    }
}

vocabulary! {
    pub enum InterventionStatus {
        Planned,
        Done,
        Cancelled,
    }
}

vocabulary! {
    /// What an AI insight is about.
    pub enum InsightSubject {
        Learner,
        Cohort,
        Trainer,
        ClientOrg,
    }
}

vocabulary! {
    pub enum InsightKind {
        DropoutRisk,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortSummary {
    pub cohort_id: i64,
    pub name: String,
    pub client_name: String,
    pub path_title: String,
    pub status: CohortStatus,
    pub learner_count: i64,
    pub average_percent: u8,
    /// Submissions from this cohort waiting for grading.
    pub pending: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingSubmission {
    pub submission_id: i64,
    pub learner_name: String,
    pub assessment_title: String,
    pub cohort_name: String,
    pub ai_score: Option<i32>,
    pub flagged: bool,
    /// Whole days the submission has been waiting.
    pub waiting_days: i64,
}

/// The cohort the grading queue is narrowed to, when the trainer picked one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueFilter {
    pub cohort_id: i64,
    pub cohort_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainerConsole {
    pub display_name: String,
    pub cohorts: Vec<CohortSummary>,
    pub filter: Option<QueueFilter>,
    pub pending_count: i64,
    /// Oldest first, at most a page of them.
    pub pending: Vec<PendingSubmission>,
}

vocabulary! {
    /// Where a learner's PIN sign-in stands in one cohort.
    pub enum PinState {
        NotSet,
        Active,
        /// Too many wrong PINs in a row; works again once the trainer sets a new one.
        Locked,
    }
}

/// A cohort's PIN sign-in as its trainer manages it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PinRoster {
    pub viewer_name: String,
    pub cohort_id: i64,
    pub cohort_name: String,
    /// The sign-in code as shown (`KXM4-TP9Q`) and as in the link; none until the trainer makes one.
    pub code: Option<(String, String)>,
    pub members: Vec<PinMember>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PinMember {
    pub learner_id: i64,
    pub name: String,
    pub email: String,
    pub picture: Option<crate::model::account::PinPicture>,
    pub state: PinState,
    pub set_on: Option<chrono::NaiveDate>,
}
