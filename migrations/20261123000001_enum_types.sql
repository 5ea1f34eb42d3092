-- Statuses and kinds become PostgreSQL enum types, so the database and the Rust enums that decode
-- them (src/server/db/enums.rs) agree on one closed list, and a misspelt value is refused by both.
-- Check constraints, defaults and partial indexes that compared these columns with text literals
-- are dropped first and recreated against the new types.

create type user_role as enum ('learner', 'trainer', 'operations');
create type account_status as enum ('active', 'disabled');
create type learner_level as enum ('beginner', 'intermediate', 'advanced');
create type app_language as enum ('en', 'sw', 'fr');
create type client_status as enum ('active', 'paused', 'ended');
create type lesson_kind as enum ('text', 'video', 'interactive', 'quiz');
create type cohort_status as enum ('planned', 'active', 'completed', 'cancelled');
create type progress_status as enum ('started', 'completed');
create type item_kind as enum ('multiple_choice', 'fill_in', 'open');
create type submission_status as enum ('pending', 'graded', 'returned');
create type achievement_code as enum ('first_lesson', 'module_complete', 'streak_7', 'offline_learner', 'quiz_ace');
create type insight_subject as enum ('learner', 'cohort', 'trainer', 'client_org');
create type insight_kind as enum ('dropout_risk');
create type risk_kind as enum ('disengagement', 'low_scores', 'trainer_overload', 'cohort_behind', 'compliance');
create type risk_severity as enum ('low', 'medium', 'high', 'critical');
create type risk_status as enum ('open', 'acknowledged', 'resolved');
create type intervention_kind as enum ('call', 'message', 'visit', 'extra_session', 'peer_support');
create type intervention_status as enum ('planned', 'done', 'cancelled');
create type activity_kind as enum (
    'sign_in', 'lesson_started', 'lesson_completed', 'lesson_downloaded', 'submission_made', 'achievement_earned'
);

-- People ---------------------------------------------------------------------------------------------------
alter table app_user drop constraint app_user_role_check;
alter table app_user alter column role type user_role using role::user_role;
alter table app_user drop constraint app_user_status_check;
alter table app_user alter column status drop default;
alter table app_user alter column status type account_status using status::account_status;
alter table app_user alter column status set default 'active';

alter table profile drop constraint profile_level_check;
alter table profile alter column level drop default;
alter table profile alter column level type learner_level using level::learner_level;
alter table profile alter column level set default 'beginner';

-- No screen offered a choice of language before this migration, so the stored 'en' was only the
-- column default. It becomes "not chosen" (null), which lets a cookie or the browser's
-- Accept-Language decide until the user picks a language.
alter table profile drop constraint profile_language_check;
alter table profile alter column language drop default;
alter table profile alter column language drop not null;
alter table profile alter column language type app_language using null;

-- Sponsors and content ---------------------------------------------------------------------------------------
alter table client_org drop constraint client_org_status_check;
alter table client_org alter column status drop default;
alter table client_org alter column status type client_status using status::client_status;
alter table client_org alter column status set default 'active';

alter table lesson drop constraint lesson_kind_check;
alter table lesson alter column kind type lesson_kind using kind::lesson_kind;

alter table cohort drop constraint cohort_status_check;
alter table cohort alter column status drop default;
alter table cohort alter column status type cohort_status using status::cohort_status;
alter table cohort alter column status set default 'planned';

-- Learning ---------------------------------------------------------------------------------------------------
alter table lesson_progress drop constraint lesson_progress_status_check;
alter table lesson_progress drop constraint lesson_progress_check;
alter table lesson_progress alter column status type progress_status using status::progress_status;
alter table lesson_progress add constraint lesson_progress_completed_at_check
    check ((status = 'completed') = (completed_at is not null));

alter table assessment_item drop constraint assessment_item_kind_check;
alter table assessment_item alter column kind type item_kind using kind::item_kind;

drop index submission_pending_idx;
drop index submission_learner_pending_idx;
alter table submission drop constraint submission_status_check;
alter table submission drop constraint submission_check;
alter table submission alter column status drop default;
alter table submission alter column status type submission_status using status::submission_status;
alter table submission alter column status set default 'pending';
alter table submission add constraint submission_graded_at_check check ((status = 'pending') = (graded_at is null));
create index submission_pending_idx on submission (submitted_at) where status = 'pending';
create index submission_learner_pending_idx on submission (learner_id) where status = 'pending';

alter table achievement drop constraint achievement_code_check;
alter table achievement alter column code type achievement_code using code::achievement_code;

-- Insight, risk and follow-up ------------------------------------------------------------------------------
alter table ai_insight drop constraint ai_insight_subject_kind_check;
alter table ai_insight alter column subject_kind type insight_subject using subject_kind::insight_subject;
alter table ai_insight alter column kind type insight_kind using kind::insight_kind;

drop index risk_alert_open_idx;
alter table risk_alert drop constraint risk_alert_kind_check;
alter table risk_alert alter column kind type risk_kind using kind::risk_kind;
alter table risk_alert drop constraint risk_alert_severity_check;
alter table risk_alert alter column severity type risk_severity using severity::risk_severity;
alter table risk_alert drop constraint risk_alert_status_check;
alter table risk_alert drop constraint risk_alert_check;
alter table risk_alert alter column status drop default;
alter table risk_alert alter column status type risk_status using status::risk_status;
alter table risk_alert alter column status set default 'open';
alter table risk_alert add constraint risk_alert_resolved_at_check check ((status = 'resolved') = (resolved_at is not null));
create index risk_alert_open_idx on risk_alert (severity, created_at) where status <> 'resolved';

alter table intervention drop constraint intervention_kind_check;
alter table intervention alter column kind type intervention_kind using kind::intervention_kind;
alter table intervention drop constraint intervention_status_check;
alter table intervention alter column status drop default;
alter table intervention alter column status type intervention_status using status::intervention_status;
alter table intervention alter column status set default 'planned';

-- The activity log ------------------------------------------------------------------------------------------
-- A type change rewrites the table without firing its append-only row triggers.
alter table activity_event drop constraint activity_event_kind_check;
alter table activity_event alter column kind type activity_kind using kind::activity_kind;
