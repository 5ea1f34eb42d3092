//! The operations side: sponsor and risk vocabulary, KPIs, weekly activity and trainer load.

use crate::vocabulary::vocabulary;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

vocabulary! {
    pub enum ClientStatus {
        Active,
        Paused,
        Ended,
    }
}

vocabulary! {
    pub enum RiskKind {
        Disengagement,
        LowScores,
        TrainerOverload,
        CohortBehind,
        Compliance,
    }
}

vocabulary! {
    pub enum RiskSeverity {
        Low,
        Medium,
        High,
        Critical,
    }
}

vocabulary! {
    pub enum RiskStatus {
        Open,
        Acknowledged,
        Resolved,
    }
}

vocabulary! {
    /// What an audit log entry records.
    pub enum AuditAction {
        SignIn,
        SignInFailed,
        SignUp,
        CreateAccount,
        SetLanguage,
        DemoDataSeeded,
        PasswordReset,
        EmailVerified,
        SessionsEnded,
        AccountDisabled,
        AccountEnabled,
    }
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
    /// Monday of the week (UTC).
    pub week_start: NaiveDate,
    pub active_learners: i64,
    pub lessons_completed: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpsOverview {
    /// The signed-in operations user's name, for the page header.
    pub viewer_name: String,
    pub kpis: OpsKpis,
    /// Oldest week first.
    pub weekly: Vec<WeeklyActivity>,
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
