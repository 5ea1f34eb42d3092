//! PostgreSQL enum types for the model's vocabularies: each Rust enum is stored, bound and
//! decoded under the same snake_case labels its `vocabulary!` declaration gives it.

use crate::auth::Role;
use crate::domain::language::Language;
use crate::domain::throttle::ThrottleScope;
use crate::model::account::{AccountStatus, Level, PinPicture, TokenPurpose};
use crate::model::learner::{AchievementCode, ActivityKind, LessonKind, ProgressStatus, ScorePolicy};
use crate::model::ops::{AuditAction, ClientStatus, RiskKind, RiskSeverity, RiskStatus};
use crate::model::sync::{SyncClock, SyncKind, SyncOutcome};
use crate::model::trainer::{CohortStatus, InsightKind, InsightSubject, InterventionKind, InterventionStatus, ItemKind, SubmissionStatus};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgHasArrayType, PgTypeInfo, PgValueRef, Postgres};

/// Implements sqlx's Type, Encode and Decode for each enum as the named PostgreSQL enum type.
/// A label the enum does not know (a newer migration, a hand-edited row) is a decode error, not a
/// silent default.
macro_rules! pg_enum {
    ($($ty:ty => $pg:literal),+ $(,)?) => {$(
        impl sqlx::Type<Postgres> for $ty {
            fn type_info() -> PgTypeInfo {
                PgTypeInfo::with_name($pg)
            }
        }

        impl PgHasArrayType for $ty {
            fn array_type_info() -> PgTypeInfo {
                PgTypeInfo::array_of($pg)
            }
        }

        impl sqlx::Encode<'_, Postgres> for $ty {
            fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
                <&str as sqlx::Encode<'_, Postgres>>::encode(self.as_str(), buf)
            }
        }

        impl<'r> sqlx::Decode<'r, Postgres> for $ty {
            fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
                let label = <&str as sqlx::Decode<'r, Postgres>>::decode(value)?;
                label.parse().map_err(|_| format!("{label:?} is not a {} label RuralRise knows", $pg).into())
            }
        }
    )+

        /// Every PostgreSQL enum type RuralRise decodes, with the labels its Rust enum knows
        /// (tests compare these with the database's own lists).
        pub fn rust_labels() -> Vec<(&'static str, Vec<&'static str>)> {
            vec![$(($pg, <$ty>::all().map(|v| v.as_str()).collect())),+]
        }
    };
}

pg_enum! {
    Role => "user_role",
    AccountStatus => "account_status",
    Level => "learner_level",
    Language => "app_language",
    ClientStatus => "client_status",
    LessonKind => "lesson_kind",
    CohortStatus => "cohort_status",
    ProgressStatus => "progress_status",
    ItemKind => "item_kind",
    SubmissionStatus => "submission_status",
    AchievementCode => "achievement_code",
    InsightSubject => "insight_subject",
    InsightKind => "insight_kind",
    RiskKind => "risk_kind",
    RiskSeverity => "risk_severity",
    RiskStatus => "risk_status",
    InterventionKind => "intervention_kind",
    InterventionStatus => "intervention_status",
    ActivityKind => "activity_kind",
    ThrottleScope => "throttle_scope",
    TokenPurpose => "token_purpose",
    PinPicture => "pin_picture",
    ScorePolicy => "score_policy",
    SyncKind => "sync_kind",
    SyncOutcome => "sync_outcome",
    SyncClock => "sync_clock",
}

/// Audit actions are an open-ended vocabulary kept as text in the log, so the log never needs a
/// migration to learn a new action; in Rust they are still an enum.
impl sqlx::Type<Postgres> for AuditAction {
    fn type_info() -> PgTypeInfo {
        <&str as sqlx::Type<Postgres>>::type_info()
    }
}

impl sqlx::Encode<'_, Postgres> for AuditAction {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <&str as sqlx::Encode<'_, Postgres>>::encode(self.as_str(), buf)
    }
}
