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
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
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

/// One entry of a select: the id sent and the name shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub label: String,
}

/// The cohort form, new or existing: what is stored (or a new cohort's defaults) and the choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortEditor {
    pub viewer_name: String,
    /// None for a new cohort.
    pub cohort_id: Option<i64>,
    pub name: String,
    pub client_org_id: Option<i64>,
    pub learning_path_id: Option<i64>,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    pub status: CohortStatus,
    /// The statuses offered: the current one and the moves allowed from it.
    pub statuses: Vec<CohortStatus>,
    /// Sponsors still taking cohorts, plus the cohort's own if it no longer does.
    pub clients: Vec<Choice>,
    pub paths: Vec<Choice>,
    /// The path is fixed once the cohort has started.
    pub path_fixed: bool,
}

vocabulary! {
    /// How a cohort's member list is ordered; each order has the direction a trainer wants.
    pub enum MemberSort {
        Name,
        /// Least progress first: who needs help.
        ProgressLow,
        ProgressHigh,
        /// Longest without learning first (never active at the top).
        LongestAway,
        RecentlyActive,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortMember {
    pub learner_id: i64,
    pub name: String,
    pub email: String,
    /// Lessons of the cohort's path done.
    pub completed: i64,
    pub percent: u8,
    /// Whole days since the last learning activity; none if never.
    pub away_days: Option<i64>,
    /// Skills of the path this learner has mastered (BKT).
    pub skills_mastered: i64,
}

/// A learner who may be added: not in the cohort yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub learner_id: i64,
    pub name: String,
    pub email: String,
}

/// `/train/cohorts/{id}`: the cohort, one page of its members and the add-a-learner search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortPage {
    pub viewer_name: String,
    pub cohort_id: i64,
    pub name: String,
    pub client_name: String,
    pub path_title: String,
    pub status: CohortStatus,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    pub member_count: i64,
    pub lessons_total: i64,
    pub skills_total: i64,
    pub sort: MemberSort,
    /// This page starts after this learner (none: the first page).
    pub after: Option<i64>,
    /// The next page starts after this learner (none: this is the last page).
    pub next_after: Option<i64>,
    pub members: Vec<CohortMember>,
    /// The search typed, and what it found (none when nothing was searched).
    pub query: String,
    pub candidates: Option<Vec<Candidate>>,
    /// Whether learners may still join (planned or running) and the cohort may change at all.
    pub open: bool,
    pub archived: bool,
}
