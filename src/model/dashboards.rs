//! What each role's home page shows: the learner dashboard, trainer console and operations overview.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextLesson {
    pub lesson_id: i64,
    pub title: String,
    pub module_title: String,
    pub kind: String,
    pub minutes: i32,
    pub offline_available: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathProgress {
    pub learning_path_id: i64,
    pub title: String,
    pub completed_lessons: i64,
    pub total_lessons: i64,
    pub percent: u8,
    pub next_lesson: Option<NextLesson>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EarnedAchievement {
    pub title: String,
    pub description: String,
    pub points: i32,
    /// Local date the learner earned it, as YYYY-MM-DD.
    pub earned_on: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerDashboard {
    pub display_name: String,
    pub path: Option<PathProgress>,
    pub overall_percent: u8,
    pub weekly_goal_minutes: i32,
    pub minutes_this_week: i32,
    pub weekly_goal_percent: u8,
    pub streak_days: u32,
    pub points: i64,
    pub recent_achievements: Vec<EarnedAchievement>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortSummary {
    pub cohort_id: i64,
    pub name: String,
    pub client_name: String,
    pub path_title: String,
    pub status: String,
    pub learner_count: i64,
    pub average_percent: u8,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainerConsole {
    pub display_name: String,
    pub cohorts: Vec<CohortSummary>,
    pub pending_count: i64,
    /// Oldest first, at most a page of them.
    pub pending: Vec<PendingSubmission>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpsKpis {
    pub active_learners_7d: i64,
    pub total_learners: i64,
    pub completion_rate_percent: u8,
    pub average_score: Option<u8>,
    pub open_risk_alerts: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeeklyActivity {
    /// Monday of the week, YYYY-MM-DD (UTC).
    pub week_start: String,
    pub active_learners: i64,
    pub lessons_completed: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpsOverview {
    /// The signed-in operations user's name, for the page header.
    pub viewer_name: String,
    pub kpis: OpsKpis,
    pub weekly: Vec<WeeklyActivity>,
    /// ECharts option JSON for the weekly activity chart, built on the server.
    pub weekly_chart: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainerLoad {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub active: bool,
    /// Planned and running cohorts.
    pub cohorts: i64,
    /// Learners in running cohorts.
    pub learners: i64,
    /// Submissions waiting for this trainer's grading.
    pub pending: i64,
}
