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
    /// Learners the risk model lists in this cohort.
    pub at_risk: i64,
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
    /// The learner's risk of stopping (none: not scored), and whether it lists them.
    pub risk_percent: Option<u8>,
    pub at_risk: bool,
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

vocabulary! {
    /// The grading queue's two orders.
    pub enum QueueSort {
        Oldest,
        /// Least certain pre-score first; work not pre-scored yet comes before all of it.
        Uncertain,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub submission_id: i64,
    pub learner_name: String,
    pub assessment_title: String,
    pub cohort_name: String,
    pub ai_score: Option<i32>,
    /// The pre-score's confidence in percent.
    pub ai_confidence: Option<u8>,
    pub flagged: bool,
    pub waiting_days: i64,
}

/// A queue view as a form's hidden fields post it (`sort`, `cohort`, `assessment`, `flagged`),
/// taken whole by each grading page action; [`QueueFields::view`] reads it leniently.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueFields {
    pub sort: Option<String>,
    pub cohort: Option<String>,
    pub assessment: Option<String>,
    pub flagged: Option<String>,
}

impl QueueFields {
    pub fn view(&self) -> QueueView {
        QueueView::parse(self.cohort.as_deref(), self.assessment.as_deref(), self.flagged.as_deref(), self.sort.as_deref())
    }
}

/// A view of the queue: its filters and order. Carried from the queue to a submission and back,
/// so "Save and next" continues in the order the trainer chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    pub cohort: Option<i64>,
    pub assessment: Option<i64>,
    pub flagged_only: bool,
    pub sort: QueueSort,
}

impl Default for QueueView {
    fn default() -> Self {
        QueueView { cohort: None, assessment: None, flagged_only: false, sort: QueueSort::Oldest }
    }
}

impl QueueView {
    /// The view as a query string (no leading `?`), for links that keep it.
    pub fn query(&self) -> String {
        let mut parts = vec![format!("sort={}", self.sort.as_str())];
        if let Some(c) = self.cohort {
            parts.push(format!("cohort={c}"));
        }
        if let Some(a) = self.assessment {
            parts.push(format!("assessment={a}"));
        }
        if self.flagged_only {
            parts.push("flagged=1".to_owned());
        }
        parts.join("&")
    }

    /// Reads a view from its query parameters; what does not parse is left out (an edited link).
    pub fn parse(cohort: Option<&str>, assessment: Option<&str>, flagged: Option<&str>, sort: Option<&str>) -> QueueView {
        let id = |v: Option<&str>| v.and_then(|v| v.trim().parse::<i64>().ok());
        QueueView {
            cohort: id(cohort),
            assessment: id(assessment),
            flagged_only: flagged.is_some_and(|f| f == "1" || f == "on" || f == "true"),
            sort: sort.and_then(|s| s.parse().ok()).unwrap_or(QueueSort::Oldest),
        }
    }
}

/// `/train/queue`: one page of the trainer's pending work under the filters, in the chosen order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradingQueue {
    pub viewer_name: String,
    pub view: QueueView,
    pub after: Option<i64>,
    pub next_after: Option<i64>,
    /// All that wait under these filters.
    pub total: i64,
    pub items: Vec<QueueItem>,
    pub cohorts: Vec<Choice>,
    pub assessments: Vec<Choice>,
}

/// How one item of a submission stands for the trainer grading it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ItemGrade {
    /// Scored by itself when handed in.
    Auto { correct: bool, earned: i32, right_answer: Option<String> },
    /// Read by a trainer against the rubric: the levels picked once graded, and the pre-score.
    Open { criteria: Vec<crate::domain::rubric::Criterion>, picked: Option<Vec<usize>>, earned: Option<i32>, suggestion: Suggestion },
}

/// The pre-scorer's view of one open answer, as the grading page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Suggestion {
    /// Pre-scoring does not run on this server.
    Off,
    /// Handed in moments ago, or waiting behind other work.
    Waiting,
    Ready {
        /// A level per criterion (weakest 0); empty when there is nothing to suggest.
        levels: Vec<usize>,
        /// 0 to 1.
        confidence: f32,
        reasons: Vec<SuggestionReason>,
        /// Scored against an earlier rubric or reference (a new pre-score is on its way).
        stale: bool,
    },
}

/// Why a pre-score is what it is, in the content's words where it names a key point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SuggestionReason {
    Covers(String),
    Misses(String),
    Empty,
    Short,
    UnfamiliarLanguage,
    OffTopic,
    NoReference,
    /// Calibrated on this many trainer grades of the item.
    Calibrated(usize),
    Failed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradeItem {
    pub position: i32,
    pub prompt: String,
    /// The learner's answer as they gave it (an option's text for a choice).
    pub answer: String,
    pub max: i32,
    pub grade: ItemGrade,
}

/// `/train/submissions/{id}`: one piece of work with everything needed to grade it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradingView {
    pub viewer_name: String,
    pub submission_id: i64,
    /// The save this page was drawn from: a grade posted from an older one is refused.
    pub version: i32,
    pub status: SubmissionStatus,
    pub learner_name: String,
    pub assessment_id: i64,
    pub assessment_title: String,
    pub cohort_name: Option<String>,
    pub attempt: i32,
    pub submitted_at: chrono::DateTime<chrono::Utc>,
    pub pass_score: i32,
    pub score: Option<i32>,
    pub feedback: Option<String>,
    pub graded_by: Option<String>,
    pub graded_at: Option<chrono::DateTime<chrono::Utc>>,
    pub flagged: bool,
    pub flag_reason: Option<String>,
    pub items: Vec<GradeItem>,
    /// The grader's comment bank, used most first.
    pub bank: Vec<BankComment>,
    /// Feedback drafted from the pre-scores, in the learner's language (offered when nothing is
    /// saved yet).
    pub draft: Option<String>,
    pub learner_language: crate::domain::language::Language,
}

/// Feedback a trainer keeps to reuse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BankComment {
    pub id: i64,
    pub body: String,
    pub uses: i32,
}

/// `/train/at-risk`: the learners the risk model lists in the trainer's running cohorts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AtRiskPage {
    pub viewer_name: String,
    pub cohort: Option<i64>,
    pub cohorts: Vec<Choice>,
    pub learners: Vec<AtRiskLearner>,
    pub model: RiskModelInfo,
}

/// Which model made the scores, so a trainer knows what the percentages rest on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskModelInfo {
    pub version: String,
    /// Learners it was fitted on; 0 for the documented defaults.
    pub trained_on: i64,
    pub threshold_percent: u8,
    /// Each feature's weight, as the model reads it (log-odds per standard deviation).
    pub coefficients: Vec<(RiskFactor, f64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AtRiskLearner {
    pub learner_id: i64,
    pub name: String,
    pub cohort_id: i64,
    pub cohort_name: String,
    pub risk_percent: u8,
    /// The same model's score for what was known a week earlier.
    pub week_ago_percent: Option<u8>,
    /// Up to three, the strongest first.
    pub reasons: Vec<RiskReason>,
}

vocabulary! {
    /// What the risk model reads about a learner.
    pub enum RiskFactor {
        IdleDays,
        MinutesTrend,
        GoalsMissed,
        ScoreTrend,
        Overdue,
        Resubmissions,
    }
}

/// A reason for a risk score, with the figures that make it plain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RiskReason {
    /// No learning for this many days (None: never started).
    Idle { days: Option<i64> },
    /// Minutes a week, three weeks ago and last week.
    MinutesFalling { from: i64, to: i64 },
    /// Weeks of the last three under the weekly goal.
    GoalsMissed { weeks: i64, goal: i64 },
    /// Average score of earlier graded work, and of the latest.
    ScoresFalling { from: i64, to: i64 },
    /// Lessons behind the cohort's calendar.
    Behind { lessons: i64 },
    /// Work returned to redo and not handed in again.
    Resubmit { count: i64 },
}

/// `/train/learners/{id}`: one of the trainer's learners, their risk, the interventions recorded
/// for them with what they did after each, and the messages this trainer sent them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerFollowUp {
    pub viewer_name: String,
    pub learner_id: i64,
    pub name: String,
    pub email: String,
    pub cohorts: Vec<String>,
    pub risk_percent: Option<u8>,
    pub at_risk: bool,
    pub reasons: Vec<RiskReason>,
    pub last_active: Option<chrono::DateTime<chrono::Utc>>,
    pub interventions: Vec<InterventionView>,
    pub messages: Vec<SentMessage>,
    pub today: chrono::NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterventionView {
    pub intervention_id: i64,
    pub kind: InterventionKind,
    pub note: String,
    pub due_on: Option<chrono::NaiveDate>,
    pub status: InterventionStatus,
    pub outcome: Option<String>,
    pub trainer_name: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub completed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Did they come back: lessons finished since, and the last time they learned since.
    pub lessons_since: i64,
    pub back_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentMessage {
    pub body: String,
    pub sent_at: chrono::DateTime<chrono::Utc>,
    pub read: bool,
}

vocabulary! {
    /// Who a group message goes to in a cohort.
    pub enum MessageGroup {
        Everyone,
        AtRisk,
    }
}

/// `/train/performance`: the trainer's own figures over the last `since_days` days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainerPerformance {
    pub viewer_name: String,
    pub since_days: i64,
    pub graded: i64,
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
    pub pending: i64,
    pub oldest_days: Option<i64>,
    pub median_wait_hours: Option<f64>,
    pub cohorts: Vec<CohortOutcome>,
    /// Pre-scores against the trainer's grades, over every criterion of every graded open answer.
    pub agreement: Option<AgreementFigures>,
    pub items: Vec<ItemAgreement>,
    pub interventions: i64,
    pub interventions_done: i64,
    pub learners_followed: i64,
    /// Of the learners whose 14 days after an intervention are over, how many learned again in them.
    pub recovered: i64,
    pub settled: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortOutcome {
    pub cohort_id: i64,
    pub name: String,
    pub status: CohortStatus,
    pub learners: i64,
    pub average_percent: u8,
    /// Learners who finished every lesson of the path.
    pub completed: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AgreementFigures {
    /// Criterion grades compared.
    pub pairs: i64,
    pub exact_percent: u8,
    pub within_one_percent: u8,
    pub kappa: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemAgreement {
    pub assessment_title: String,
    pub position: i32,
    pub answers: i64,
    pub figures: AgreementFigures,
}
