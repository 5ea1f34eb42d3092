//! Words for typed values in the reader's language: problems, notices, errors, statuses and
//! kinds, and numbers, percentages, dates and durations by CLDR rules (ICU4X through leptos_i18n).
//! Every `match` here is exhaustive, so a new problem or status cannot ship without its words.

use crate::auth::Role;
use crate::domain::achievements::{Criterion, Toward};
use crate::domain::language::Language;
use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use crate::model::account::PinPicture;
use crate::model::forms::{Notice, Problem};
use crate::model::learner::{AchievementCode, LessonKind, LessonStatus};
use crate::model::ops::{RiskKind, RiskSeverity, RiskStatus};
use crate::model::trainer::{CohortStatus, PinState, SubmissionStatus, SuggestionReason};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::use_context;
use leptos_i18n::reexports::icu::calendar::{Date, Iso};

pub fn locale(language: Language) -> Locale {
    match language {
        Language::En => Locale::en,
        Language::Sw => Locale::sw,
        Language::Fr => Locale::fr,
    }
}

/// The language of the request being rendered (chosen by `server::request::identify`).
pub fn use_language() -> Language {
    use_context::<Language>().unwrap_or(Language::En)
}

pub fn use_locale() -> Locale {
    locale(use_language())
}

/// A skill tag as words: "battery-care" reads "battery care" (tags are the content's language).
pub fn skill(tag: &str) -> String {
    tag.replace('-', " ")
}

pub fn number(l: Locale, value: i64) -> String {
    td_string!(l, format.number, value = value).to_string()
}

pub fn percent(l: Locale, value: u8) -> String {
    td_string!(l, format.percent, value = value).to_string()
}

/// A calendar date, e.g. "12 Nov 2026", "12 nov. 2026".
pub fn date(l: Locale, day: NaiveDate) -> String {
    td_string!(l, format.date, date = iso(day)).to_string()
}

/// A moment for logs read by staff, in UTC to the second: the same in every language, so it is
/// shown with `translate="no"`.
pub fn utc(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// A short day and month for chart axes.
pub fn day_month(l: Locale, day: NaiveDate) -> String {
    td_string!(l, format.day_month, day = day.day(), month = day.month()).to_string()
}

/// A span of hours in the unit that reads best: hours under two days, days after.
pub fn span(l: Locale, hours: Option<f64>) -> String {
    match hours {
        None => td_string!(l, perf.none).to_string(),
        Some(h) if h < 48.0 => td_string!(l, perf.hours, value = format!("{:.1}", h.max(0.0))).to_string(),
        Some(h) => td_string!(l, perf.days, value = format!("{:.0}", h / 24.0)).to_string(),
    }
}

pub fn days(l: Locale, count: i64) -> String {
    td_string!(l, format.days, count = count).to_string()
}

pub fn minutes(l: Locale, minutes: i64) -> String {
    td_string!(l, format.minutes_short, minutes = minutes).to_string()
}

/// A download size: whole kilobytes under a megabyte, else megabytes to one decimal.
pub fn bytes(l: Locale, bytes: i64) -> String {
    let bytes = bytes.max(0);
    if bytes < 1_000_000 {
        td_string!(l, format.kilobytes, value = (bytes + 999) / 1000).to_string()
    } else {
        let tenths = (bytes + 50_000) / 100_000;
        let value = tenths as f64 / 10.0;
        td_string!(l, format.megabytes, value = value).to_string()
    }
}

/// How far a learner is toward an achievement, in words that fit its criterion.
pub fn toward(l: Locale, criterion: Criterion, t: Toward) -> String {
    let (current, target) = (i64::from(t.current), i64::from(t.target));
    match criterion {
        Criterion::LessonsCompleted { .. } => td_string!(l, achievements.toward_lessons, current = current, target = target),
        Criterion::ModulesCompleted { .. } => td_string!(l, achievements.toward_modules, current = current, target = target),
        Criterion::StreakDays { .. } => td_string!(l, achievements.toward_streak, current = current, target = target),
        Criterion::OfflineLessons { .. } => td_string!(l, achievements.toward_offline, current = current, target = target),
        Criterion::BestScore { .. } => td_string!(l, achievements.toward_score, current = current, target = target),
        Criterion::GoalWeeksRunning { .. } => td_string!(l, achievements.toward_goal_weeks, current = current, target = target),
    }
    .to_string()
}

/// Where a learner is with a lesson, in words.
pub fn lesson_status(l: Locale, status: LessonStatus, done_percent: u8) -> String {
    match status {
        LessonStatus::NotStarted => td_string!(l, paths.status_not_started).to_string(),
        LessonStatus::InProgress => td_string!(l, paths.status_in_progress, percent = percent(l, done_percent)).to_string(),
        LessonStatus::Done => td_string!(l, paths.status_done).to_string(),
    }
}

pub fn iso(day: NaiveDate) -> Date<Iso> {
    // chrono's range is wider than ICU's, but every date we show is a real calendar date.
    Date::try_new_iso(day.year(), day.month() as u8, day.day() as u8)
        .unwrap_or_else(|_| Date::try_new_iso(1970, 1, 1).expect("a valid date"))
}

pub fn problem(l: Locale, p: Problem) -> String {
    match p {
        Problem::NameMissing => td_string!(l, problem.name_missing).to_string(),
        Problem::NameTooLong { max } => td_string!(l, problem.name_too_long, max = max).to_string(),
        Problem::NameControlChars => td_string!(l, problem.name_control_chars).to_string(),
        Problem::EmailMissing => td_string!(l, problem.email_missing).to_string(),
        Problem::EmailTooLong => td_string!(l, problem.email_too_long).to_string(),
        Problem::EmailMalformed => td_string!(l, problem.email_malformed).to_string(),
        Problem::EmailTaken => td_string!(l, problem.email_taken).to_string(),
        Problem::PasswordMissing => td_string!(l, problem.password_missing).to_string(),
        Problem::PasswordTooShort { min } => td_string!(l, problem.password_too_short, min = min).to_string(),
        Problem::PasswordTooLong { max } => td_string!(l, problem.password_too_long, max = max).to_string(),
        Problem::WrongCredentials => td_string!(l, problem.wrong_credentials).to_string(),
        Problem::AccountDisabled => td_string!(l, problem.account_disabled).to_string(),
        Problem::UnknownLanguage => td_string!(l, problem.unknown_language).to_string(),
        Problem::EmailNotVerified => td_string!(l, problem.email_not_verified).to_string(),
        Problem::LinkInvalid => td_string!(l, problem.link_invalid).to_string(),
        Problem::CannotDisableSelf => td_string!(l, problem.cannot_disable_self).to_string(),
        Problem::NoSuchAccount => td_string!(l, problem.no_such_account).to_string(),
        Problem::WrongCurrentPassword => td_string!(l, problem.wrong_current_password).to_string(),
        Problem::CodeMissing => td_string!(l, problem.code_missing).to_string(),
        Problem::CodeUnknown => td_string!(l, problem.code_unknown).to_string(),
        Problem::PickYourself => td_string!(l, problem.pick_yourself).to_string(),
        Problem::PinMissing => td_string!(l, problem.pin_missing).to_string(),
        Problem::PinShape => {
            td_string!(l, problem.pin_shape, min = crate::domain::pin::PIN_MIN_DIGITS, max = crate::domain::pin::PIN_MAX_DIGITS).to_string()
        }
        Problem::PinGuessable => td_string!(l, problem.pin_guessable).to_string(),
        Problem::WrongPin { tries_left } => td_string!(l, problem.wrong_pin, count = tries_left).to_string(),
        Problem::PinLocked => td_string!(l, problem.pin_locked).to_string(),
        Problem::NotInCohort => td_string!(l, problem.not_in_cohort).to_string(),
        Problem::ConfirmDeletion => td_string!(l, problem.confirm_deletion).to_string(),
        Problem::OnlyLearnersErased => td_string!(l, problem.only_learners_erased).to_string(),
        Problem::PercentOutOfRange => td_string!(l, problem.percent_out_of_range).to_string(),
        Problem::PositionOutOfRange => td_string!(l, problem.position_out_of_range).to_string(),
        Problem::DurationOutOfRange => td_string!(l, problem.duration_out_of_range).to_string(),
        Problem::NotEnrolled => td_string!(l, problem.not_enrolled).to_string(),
        Problem::PathNotOpen => td_string!(l, problem.path_not_open).to_string(),
        Problem::NotMarkedByHand => td_string!(l, problem.not_marked_by_hand).to_string(),
        Problem::GoalNotANumber => td_string!(l, problem.goal_not_a_number).to_string(),
        Problem::GoalOutOfRange { max } => td_string!(l, problem.goal_out_of_range, max = i64::from(max)).to_string(),
        Problem::ZoneUnknown => td_string!(l, problem.zone_unknown).to_string(),
        Problem::StepOutOfOrder => td_string!(l, problem.step_out_of_order).to_string(),
        Problem::NoSuchChoice => td_string!(l, problem.no_such_choice).to_string(),
        Problem::VideoNotWatched { seconds_left } => td_string!(l, problem.video_not_watched, count = i64::from(seconds_left)).to_string(),
        Problem::NoSuchItem { position } => td_string!(l, problem.no_such_item, n = i64::from(position)).to_string(),
        Problem::AnswerMissing { position } => td_string!(l, problem.answer_missing, n = i64::from(position)).to_string(),
        Problem::AnswerUnreadable { position } => td_string!(l, problem.answer_unreadable, n = i64::from(position)).to_string(),
        Problem::AnswerTooLong { position, max } => {
            td_string!(l, problem.answer_too_long, n = i64::from(position), max = max as i64).to_string()
        }
        Problem::NoAttemptsLeft { max } => td_string!(l, problem.no_attempts_left, count = i64::from(max)).to_string(),
        Problem::FormKeyInvalid => td_string!(l, problem.form_key_invalid).to_string(),
        Problem::SyncActionUnreadable => td_string!(l, problem.sync_action_unreadable).to_string(),
        Problem::SyncIdTaken => td_string!(l, problem.sync_id_taken).to_string(),
        Problem::SyncVersion { expected } => td_string!(l, problem.sync_version, expected = i64::from(expected)).to_string(),
        Problem::SyncTooMany { max } => td_string!(l, problem.sync_too_many, max = max as i64).to_string(),
        Problem::SyncNotOpen => td_string!(l, problem.sync_not_open).to_string(),
        Problem::LessonNotOffline => td_string!(l, problem.lesson_not_offline).to_string(),
        Problem::CohortNameTaken => td_string!(l, problem.cohort_name_taken).to_string(),
        Problem::CohortNameMissing => td_string!(l, problem.cohort_name_missing).to_string(),
        Problem::CohortNameTooLong { max } => td_string!(l, problem.cohort_name_too_long, max = max).to_string(),
        Problem::CohortNameControlChars => td_string!(l, problem.cohort_name_control_chars).to_string(),
        Problem::DateMissing => td_string!(l, problem.date_missing).to_string(),
        Problem::DateMalformed => td_string!(l, problem.date_malformed).to_string(),
        Problem::EndsBeforeStart => td_string!(l, problem.ends_before_start).to_string(),
        Problem::CohortTooLong { max_days } => td_string!(l, problem.cohort_too_long, max = max_days).to_string(),
        Problem::ClientMissing => td_string!(l, problem.client_missing).to_string(),
        Problem::ClientUnavailable => td_string!(l, problem.client_unavailable).to_string(),
        Problem::PathMissing => td_string!(l, problem.path_missing).to_string(),
        Problem::NoSuchPath => td_string!(l, problem.no_such_path).to_string(),
        Problem::StatusUnknown => td_string!(l, problem.status_unknown).to_string(),
        Problem::StatusMove { from, to } => {
            let allowed = crate::domain::cohort::next(from);
            if allowed.is_empty() {
                td_string!(l, problem.status_final, from = cohort_status(l, from)).to_string()
            } else {
                let allowed = allowed.into_iter().map(|s| cohort_status(l, s)).collect::<Vec<_>>().join(", ");
                td_string!(l, problem.status_move, from = cohort_status(l, from), to = cohort_status(l, to), allowed = allowed).to_string()
            }
        }
        Problem::PathFixed => td_string!(l, problem.path_fixed).to_string(),
        Problem::CohortArchived => td_string!(l, problem.cohort_archived).to_string(),
        Problem::CohortClosed { status } => td_string!(l, problem.cohort_closed, status = cohort_status(l, status)).to_string(),
        Problem::NotALearner => td_string!(l, problem.not_a_learner).to_string(),
        Problem::AlreadyInCohort => td_string!(l, problem.already_in_cohort).to_string(),
        Problem::LevelMissing { position, criterion } => {
            td_string!(l, problem.level_missing, question = i64::from(position), criterion = criterion).to_string()
        }
        Problem::LevelOutsideRubric { position, criterion } => {
            td_string!(l, problem.level_outside_rubric, question = i64::from(position), criterion = criterion).to_string()
        }
        Problem::FeedbackTooLong { max } => td_string!(l, problem.feedback_too_long, max = max).to_string(),
        Problem::NotPending { status } => td_string!(l, problem.not_pending, status = submission_status(l, status)).to_string(),
        Problem::NotGradedYet => td_string!(l, problem.not_graded_yet).to_string(),
        Problem::GradedMeanwhile => td_string!(l, problem.graded_meanwhile).to_string(),
        Problem::FlagReasonMissing => td_string!(l, problem.flag_reason_missing).to_string(),
        Problem::FlagReasonTooLong { max } => td_string!(l, problem.flag_reason_too_long, max = max).to_string(),
        Problem::NothingToKeep => td_string!(l, problem.nothing_to_keep).to_string(),
        Problem::CommentTooLong { max } => td_string!(l, problem.comment_too_long, max = max).to_string(),
        Problem::NotListed => td_string!(l, problem.not_listed).to_string(),
        Problem::TextMissing => td_string!(l, problem.text_missing).to_string(),
        Problem::TextTooLong { max } => td_string!(l, problem.text_too_long, max = max).to_string(),
        Problem::KindUnknown => td_string!(l, problem.kind_unknown).to_string(),
        Problem::DateInPast => td_string!(l, problem.date_in_past).to_string(),
        Problem::DateInFuture => td_string!(l, problem.date_in_future).to_string(),
        Problem::PeriodTooLong { max_days } => td_string!(l, problem.period_too_long, max = max_days).to_string(),
        Problem::NoSuchClient => td_string!(l, problem.no_such_client).to_string(),
        Problem::ClientNameTaken => td_string!(l, problem.client_name_taken).to_string(),
        Problem::ClientNameMissing => td_string!(l, problem.client_name_missing).to_string(),
        Problem::SectorMissing => td_string!(l, problem.sector_missing).to_string(),
        Problem::RegionMissing => td_string!(l, problem.region_missing).to_string(),
        Problem::ControlChars => td_string!(l, problem.control_chars).to_string(),
        Problem::PhoneMalformed => td_string!(l, problem.phone_malformed).to_string(),
        Problem::NotAWholeNumber => td_string!(l, problem.not_a_whole_number).to_string(),
        Problem::TargetOutOfRange { max } => td_string!(l, problem.target_out_of_range, max = max).to_string(),
        Problem::NotesTooLong { max } => td_string!(l, problem.notes_too_long, max = max).to_string(),
        Problem::ClientHasRunningCohorts { count } => td_string!(l, problem.client_has_running_cohorts, count = count).to_string(),
        Problem::CapacityOutOfRange { max } => td_string!(l, problem.capacity_out_of_range, max = max).to_string(),
        Problem::TrainerHasCohorts { count } => td_string!(l, problem.trainer_has_cohorts, count = count).to_string(),
        Problem::TrainerUnavailable => td_string!(l, problem.trainer_unavailable).to_string(),
        Problem::SameTrainer => td_string!(l, problem.same_trainer).to_string(),
        Problem::CohortNotMovable { status } => td_string!(l, problem.cohort_not_movable, status = cohort_status(l, status)).to_string(),
        Problem::NoSuchCohort => td_string!(l, problem.no_such_cohort).to_string(),
        Problem::TrainerNotApproved => td_string!(l, problem.trainer_not_approved).to_string(),
        Problem::ApprovalStillNeeded { cohorts } => td_string!(l, problem.approval_still_needed, count = cohorts).to_string(),
        Problem::ApprovalUnknown => td_string!(l, problem.approval_unknown).to_string(),
        Problem::ProposalStale => td_string!(l, problem.proposal_stale).to_string(),
        Problem::ProposalMalformed => td_string!(l, problem.proposal_malformed).to_string(),
        Problem::InterventionNotOpen => td_string!(l, problem.intervention_not_open).to_string(),
        Problem::NobodyToMessage => td_string!(l, problem.nobody_to_message).to_string(),
        Problem::SeverityUnknown => td_string!(l, problem.severity_unknown).to_string(),
        Problem::OwnerUnavailable => td_string!(l, problem.owner_unavailable).to_string(),
        Problem::CohortNotRunning => td_string!(l, problem.cohort_not_running).to_string(),
        Problem::CohortHasTicket => td_string!(l, problem.cohort_has_ticket).to_string(),
        Problem::TicketMove { from, to } => {
            td_string!(l, problem.ticket_move, from = risk_status(l, from), to = risk_status(l, to)).to_string()
        }
        Problem::ResolutionNoteMissing => td_string!(l, problem.resolution_note_missing).to_string(),
        Problem::TicketResolved => td_string!(l, problem.ticket_resolved).to_string(),
    }
}

pub fn notice(l: Locale, n: &Notice) -> String {
    match n {
        Notice::SignedOut => td_string!(l, signin.signed_out).to_string(),
        Notice::TrainerCreated { email } => td_string!(l, trainers.created, email = email).to_string(),
        Notice::CheckEmail { email } => td_string!(l, signup.check_email, email = email).to_string(),
        Notice::ResetSent { email } => td_string!(l, reset.sent, email = email).to_string(),
        Notice::VerifySent { email } => td_string!(l, verify.sent, email = email).to_string(),
        Notice::SessionsEnded { count } => td_string!(l, account.sessions_ended, count = *count).to_string(),
        Notice::AccountDisabled { email } => td_string!(l, accounts.disabled_notice, email = email).to_string(),
        Notice::AccountEnabled { email } => td_string!(l, accounts.enabled_notice, email = email).to_string(),
        Notice::PasswordChanged { count } => td_string!(l, account.password_changed, count = *count).to_string(),
        Notice::PinSet { name } => td_string!(l, pins.set_notice, name = name).to_string(),
        Notice::PinRemoved { name } => td_string!(l, pins.removed_notice, name = name).to_string(),
        Notice::CodeCreated => td_string!(l, pins.code_created).to_string(),
        Notice::AccountDeleted => td_string!(l, personal.deleted_notice).to_string(),
        Notice::AccountAnonymised => td_string!(l, personal.anonymised_notice).to_string(),
        Notice::Enrolled => td_string!(l, paths.enrolled).to_string(),
        Notice::ProfileSaved => td_string!(l, profile.saved).to_string(),
        // Achievements are announced by the page beside this line, each with its own words.
        Notice::LessonDone { points, .. } if *points > 0 => td_string!(l, lesson.done_notice, points = i64::from(*points)).to_string(),
        Notice::LessonDone { .. } => td_string!(l, lesson.done_again).to_string(),
        Notice::StepAnswered { points, .. } if *points > 0 => td_string!(l, lesson.scenario_done, points = i64::from(*points)).to_string(),
        Notice::StepAnswered { correct: true, .. } => td_string!(l, lesson.step_right).to_string(),
        Notice::StepAnswered { correct: false, .. } => td_string!(l, lesson.step_wrong).to_string(),
        Notice::Submitted { points, .. } if *points > 0 => td_string!(l, quiz.submitted_points, points = i64::from(*points)).to_string(),
        Notice::Submitted { .. } => td_string!(l, quiz.submitted).to_string(),
        Notice::CohortCreated { name } => td_string!(l, cohort.created, name = name).to_string(),
        Notice::CohortSaved { name } => td_string!(l, cohort.saved, name = name).to_string(),
        Notice::ClientCreated { name } => td_string!(l, clients.created, name = name).to_string(),
        Notice::ClientSaved { name } => td_string!(l, clients.saved, name = name).to_string(),
        Notice::CapacitySaved { name, capacity } => td_string!(l, trainers.capacity_saved, name = name, capacity = *capacity).to_string(),
        Notice::TrainerDeactivated { name } => td_string!(l, trainers.deactivated, name = name).to_string(),
        Notice::TrainerReactivated { name } => td_string!(l, trainers.reactivated, name = name).to_string(),
        Notice::LoadRedistributed { moved } => td_string!(l, redistribute.applied, count = *moved).to_string(),
        Notice::TicketOpened { owner, learners } => td_string!(l, tickets.opened_notice, owner = owner, count = *learners).to_string(),
        Notice::TicketMoved { status } => td_string!(l, tickets.moved_notice, status = risk_status(l, *status)).to_string(),
        Notice::TicketAssigned { name } => td_string!(l, tickets.assigned_notice, name = name).to_string(),
        Notice::ApprovalsSaved { name } => td_string!(l, trainers.approvals_saved, name = name).to_string(),
        Notice::CohortReassigned { cohort, trainer } => td_string!(l, trainers.reassigned, cohort = cohort, trainer = trainer).to_string(),
        Notice::MemberAdded { name } => td_string!(l, cohort.member_added, name = name).to_string(),
        Notice::MemberRemoved { name } => td_string!(l, cohort.member_removed, name = name).to_string(),
        Notice::Graded { name, score, regraded: false } => {
            td_string!(l, grading.graded, name = name, score = i64::from(*score)).to_string()
        }
        Notice::Graded { name, score, regraded: true } => {
            td_string!(l, grading.regraded, name = name, score = i64::from(*score)).to_string()
        }
        Notice::Flagged => td_string!(l, grading.flagged_notice).to_string(),
        Notice::Unflagged => td_string!(l, grading.unflagged_notice).to_string(),
        Notice::QueueDone => td_string!(l, grading.queue_done).to_string(),
        Notice::CommentForgotten => td_string!(l, grading.comment_forgotten).to_string(),
        Notice::RiskDismissed { name } => td_string!(l, risk.dismissed, name = name).to_string(),
        Notice::InterventionRecorded => td_string!(l, follow.recorded).to_string(),
        Notice::InterventionDone => td_string!(l, follow.done_notice).to_string(),
        Notice::MessageSent { count } => td_string!(l, follow.sent, count = *count as i64).to_string(),
        Notice::MessagesRead => td_string!(l, inbox.marked_read).to_string(),
    }
}

/// A page-sized explanation of an error: a title and what to do about it.
pub fn error(l: Locale, e: &AppError) -> (String, String) {
    let (title, body) = match e {
        AppError::Unauthenticated => (td_string!(l, error.unauthenticated_title), td_string!(l, error.unauthenticated_body)),
        AppError::Forbidden => (td_string!(l, error.forbidden_title), td_string!(l, error.forbidden_body)),
        AppError::NotFound => (td_string!(l, error.not_found_title), td_string!(l, error.not_found_body)),
        AppError::Invalid { .. } => (td_string!(l, error.invalid_title), td_string!(l, error.invalid_body)),
        AppError::Conflict(_) => (td_string!(l, error.conflict_title), td_string!(l, error.conflict_body)),
        AppError::Unavailable => (td_string!(l, error.unavailable_title), td_string!(l, error.unavailable_body)),
        AppError::Internal => (td_string!(l, error.internal_title), td_string!(l, error.internal_body)),
        AppError::BadRequest => (td_string!(l, error.bad_request_title), td_string!(l, error.bad_request_body)),
        AppError::TooLarge => (td_string!(l, error.too_large_title), td_string!(l, error.too_large_body)),
        AppError::TooManyRequests { retry_after_secs } => {
            let minutes = crate::domain::throttle::minutes_to_wait(*retry_after_secs);
            return (td_string!(l, error.too_many_title).to_string(), td_string!(l, error.too_many_body, count = minutes).to_string());
        }
        AppError::Transport => (td_string!(l, error.transport_title), td_string!(l, error.transport_body)),
    };
    (title.to_string(), body.to_string())
}

/// A PIN picture's name, for the people who cannot see it.
pub fn picture(l: Locale, p: PinPicture) -> String {
    match p {
        PinPicture::Sun => td_string!(l, picture.sun),
        PinPicture::Moon => td_string!(l, picture.moon),
        PinPicture::Star => td_string!(l, picture.star),
        PinPicture::Tree => td_string!(l, picture.tree),
        PinPicture::Flower => td_string!(l, picture.flower),
        PinPicture::Fish => td_string!(l, picture.fish),
        PinPicture::Goat => td_string!(l, picture.goat),
        PinPicture::Cow => td_string!(l, picture.cow),
        PinPicture::Chicken => td_string!(l, picture.chicken),
        PinPicture::House => td_string!(l, picture.house),
        PinPicture::Bicycle => td_string!(l, picture.bicycle),
        PinPicture::Drum => td_string!(l, picture.drum),
    }
    .to_string()
}

pub fn pin_state(l: Locale, s: PinState) -> String {
    match s {
        PinState::NotSet => td_string!(l, pins.state_not_set),
        PinState::Active => td_string!(l, pins.state_active),
        PinState::Locked => td_string!(l, pins.state_locked),
    }
    .to_string()
}

pub fn area(l: Locale, role: Role) -> String {
    match role {
        Role::Learner => td_string!(l, layout.area_learner),
        Role::Trainer => td_string!(l, layout.area_trainer),
        Role::Operations => td_string!(l, layout.area_operations),
    }
    .to_string()
}

pub fn lesson_kind(l: Locale, kind: LessonKind) -> String {
    match kind {
        LessonKind::Text => td_string!(l, kind.text),
        LessonKind::Video => td_string!(l, kind.video),
        LessonKind::Interactive => td_string!(l, kind.interactive),
        LessonKind::Quiz => td_string!(l, kind.quiz),
    }
    .to_string()
}

pub fn submission_status(l: Locale, status: SubmissionStatus) -> String {
    match status {
        SubmissionStatus::Pending => td_string!(l, grading.status_pending),
        SubmissionStatus::Graded => td_string!(l, grading.status_graded),
        SubmissionStatus::Returned => td_string!(l, grading.status_returned),
    }
    .to_string()
}

pub fn client_status(l: Locale, status: crate::model::ops::ClientStatus) -> String {
    use crate::model::ops::ClientStatus;
    match status {
        ClientStatus::Active => td_string!(l, client_status.active),
        ClientStatus::Paused => td_string!(l, client_status.paused),
        ClientStatus::Ended => td_string!(l, client_status.ended),
    }
    .to_string()
}

pub fn risk_factor(l: Locale, f: crate::model::trainer::RiskFactor) -> String {
    use crate::model::trainer::RiskFactor;
    match f {
        RiskFactor::IdleDays => td_string!(l, risk.f_idle),
        RiskFactor::MinutesTrend => td_string!(l, risk.f_minutes),
        RiskFactor::GoalsMissed => td_string!(l, risk.f_goals),
        RiskFactor::ScoreTrend => td_string!(l, risk.f_scores),
        RiskFactor::Overdue => td_string!(l, risk.f_overdue),
        RiskFactor::Resubmissions => td_string!(l, risk.f_resubmit),
    }
    .to_string()
}

pub fn risk_status(l: Locale, s: RiskStatus) -> String {
    match s {
        RiskStatus::Open => td_string!(l, tickets.status_open),
        RiskStatus::InProgress => td_string!(l, tickets.status_in_progress),
        RiskStatus::Resolved => td_string!(l, tickets.status_resolved),
    }
    .to_string()
}

pub fn risk_severity(l: Locale, s: RiskSeverity) -> String {
    match s {
        RiskSeverity::Low => td_string!(l, tickets.severity_low),
        RiskSeverity::Medium => td_string!(l, tickets.severity_medium),
        RiskSeverity::High => td_string!(l, tickets.severity_high),
        RiskSeverity::Critical => td_string!(l, tickets.severity_critical),
    }
    .to_string()
}

pub fn risk_kind(l: Locale, k: RiskKind) -> String {
    match k {
        RiskKind::Disengagement => td_string!(l, tickets.kind_disengagement),
        RiskKind::LowScores => td_string!(l, tickets.kind_low_scores),
        RiskKind::TrainerOverload => td_string!(l, tickets.kind_trainer_overload),
        RiskKind::CohortBehind => td_string!(l, tickets.kind_cohort_behind),
        RiskKind::Compliance => td_string!(l, tickets.kind_compliance),
    }
    .to_string()
}

pub fn cohort_status(l: Locale, status: CohortStatus) -> String {
    match status {
        CohortStatus::Planned => td_string!(l, cohort_status.planned),
        CohortStatus::Active => td_string!(l, cohort_status.active),
        CohortStatus::Completed => td_string!(l, cohort_status.completed),
        CohortStatus::Cancelled => td_string!(l, cohort_status.cancelled),
        CohortStatus::Archived => td_string!(l, cohort_status.archived),
    }
    .to_string()
}

/// An achievement's name and what it was awarded for.
pub fn achievement(l: Locale, code: AchievementCode) -> (String, String) {
    let (title, text) = match code {
        AchievementCode::FirstLesson => (td_string!(l, achievement.first_lesson_title), td_string!(l, achievement.first_lesson_text)),
        AchievementCode::ModuleComplete => {
            (td_string!(l, achievement.module_complete_title), td_string!(l, achievement.module_complete_text))
        }
        AchievementCode::Streak7 => (td_string!(l, achievement.streak_7_title), td_string!(l, achievement.streak_7_text)),
        AchievementCode::OfflineLearner => {
            (td_string!(l, achievement.offline_learner_title), td_string!(l, achievement.offline_learner_text))
        }
        AchievementCode::QuizAce => (td_string!(l, achievement.quiz_ace_title), td_string!(l, achievement.quiz_ace_text)),
        AchievementCode::Streak5 => (td_string!(l, achievement.streak_5_title), td_string!(l, achievement.streak_5_text)),
        AchievementCode::PerfectScore => (td_string!(l, achievement.perfect_score_title), td_string!(l, achievement.perfect_score_text)),
        AchievementCode::Goal3Weeks => (td_string!(l, achievement.goal_3_weeks_title), td_string!(l, achievement.goal_3_weeks_text)),
    };
    (title.to_string(), text.to_string())
}

/// A language's own name for itself, shown the same on every page.
pub fn endonym(l: Locale, language: Language) -> String {
    match language {
        Language::En => td_string!(l, language.en),
        Language::Sw => td_string!(l, language.sw),
        Language::Fr => td_string!(l, language.fr),
    }
    .to_string()
}

/// One open answer's pre-score, as feedback is drafted from it.
pub struct DraftItem {
    pub position: i32,
    pub rubric: crate::domain::rubric::Rubric,
    /// The level suggested for each criterion.
    pub levels: Vec<usize>,
    pub reasons: Vec<SuggestionReason>,
}

/// Feedback drafted for the learner from the pre-scores, in their language: for each open
/// answer, each criterion's suggested level in the rubric's own words, then the key points it
/// covered and the ones still to add. The trainer reads and edits it before anything is sent.
pub fn draft_feedback(l: Locale, items: &[DraftItem]) -> String {
    let mut lines = Vec::new();
    for item in items {
        if items.len() > 1 {
            lines.push(td_string!(l, draft.question, n = i64::from(item.position)).to_string());
        }
        if item.reasons.contains(&SuggestionReason::Empty) {
            lines.push(td_string!(l, draft.empty).to_string());
            continue;
        }
        for (criterion, level) in item.rubric.criteria().iter().zip(&item.levels) {
            if let Some(level) = criterion.levels.get(*level) {
                lines.push(format!("{} — {}.", criterion.name, level.descriptor.trim_end_matches('.')));
            }
        }
        let list = |covered: bool| {
            item.reasons
                .iter()
                .filter_map(|r| match (r, covered) {
                    (SuggestionReason::Covers(p), true) | (SuggestionReason::Misses(p), false) => Some(p.as_str()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let (covered, missing) = (list(true), list(false));
        if !covered.is_empty() {
            lines.push(td_string!(l, draft.covered, points = covered).to_string());
        }
        if !missing.is_empty() {
            lines.push(td_string!(l, draft.missing, points = missing).to_string());
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const NNBSP: char = '\u{202f}';

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn dates_follow_each_locale() {
        assert_eq!(date(Locale::fr, day("2026-11-12")), "12 nov. 2026");
        assert_eq!(date(Locale::en, day("2026-11-12")), "Nov 12, 2026");
        assert!(date(Locale::sw, day("2026-11-12")).contains("2026"));
        assert_ne!(date(Locale::sw, day("2026-11-12")), date(Locale::fr, day("2026-11-12")));
    }

    #[test]
    fn numbers_group_digits_the_local_way() {
        assert_eq!(number(Locale::en, 1_234_567), "1,234,567");
        assert_eq!(number(Locale::fr, 1_234_567), format!("1{NNBSP}234{NNBSP}567"));
        assert_eq!(number(Locale::sw, 1_234), "1,234");
        assert_eq!(number(Locale::en, 7), "7");
    }

    #[test]
    fn percentages_are_spaced_in_french() {
        assert_eq!(percent(Locale::en, 45), "45%");
        assert_eq!(percent(Locale::fr, 45), format!("45{NNBSP}%"));
    }

    #[test]
    fn plurals_follow_cldr_rules_not_if_n_equals_one() {
        assert_eq!(days(Locale::en, 1), "1 day");
        assert_eq!(days(Locale::en, 0), "0 days");
        assert_eq!(days(Locale::en, 2), "2 days");
        // French treats 0 as singular; English does not.
        assert_eq!(days(Locale::fr, 0), "0 jour");
        assert_eq!(days(Locale::fr, 1), "1 jour");
        assert_eq!(days(Locale::fr, 3), "3 jours");
        assert_eq!(days(Locale::sw, 1), "siku 1");
        assert_eq!(days(Locale::en, 1200), "1,200 days");
    }

    #[test]
    fn problems_carry_their_numbers() {
        assert_eq!(problem(Locale::en, Problem::PasswordTooShort { min: 10 }), "Use at least 10 characters for your password.");
        let (_, wait) = error(Locale::fr, &AppError::TooManyRequests { retry_after_secs: 14 * 60 + 1 });
        assert!(wait.contains("15 minutes"), "{wait}");
        let (_, wait) = error(Locale::en, &AppError::TooManyRequests { retry_after_secs: 30 });
        assert!(wait.contains("1 minute,"), "{wait}");
        assert!(problem(Locale::sw, Problem::NameTooLong { max: 80 }).contains("80"));
    }

    #[test]
    fn every_error_has_a_title_and_advice_in_every_language() {
        let errors = [
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::Internal,
            AppError::Unavailable,
            AppError::BadRequest,
            AppError::TooLarge,
            AppError::TooManyRequests { retry_after_secs: 90 },
            AppError::Transport,
        ];
        for language in Language::all() {
            for e in &errors {
                let (title, body) = error(locale(language), e);
                assert!(!title.is_empty() && body.len() > title.len(), "{language}: {e:?}");
            }
        }
    }
}
