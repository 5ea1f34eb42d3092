//! Risk tickets: the severity SLA that sets a ticket's due time, the status machine
//! (open → in progress → resolved), the rule that proposes a ticket from the risk model's flags in
//! a cohort, what a ticket's form must hold, and how recovery after a ticket is counted.

use crate::model::ops::{RiskKind, RiskSeverity, RiskStatus};
use chrono::{DateTime, Duration, Utc};

pub const TITLE_MAX_CHARS: usize = 160;
pub const ACTION_MAX_CHARS: usize = 1000;
pub const NOTE_MAX_CHARS: usize = 2000;
/// A learner counts as active again when they learn within this many days of the ticket's
/// resolution: the risk model's own horizon (`domain::risk::HORIZON_DAYS`).
pub const RECOVERY_DAYS: i64 = crate::domain::risk::HORIZON_DAYS;

/// How long a ticket of each severity may stay unresolved.
pub fn sla_hours(severity: RiskSeverity) -> i64 {
    match severity {
        RiskSeverity::Critical => 24,
        RiskSeverity::High => 72,
        RiskSeverity::Medium => 7 * 24,
        RiskSeverity::Low => 14 * 24,
    }
}

pub fn due_at(severity: RiskSeverity, opened_at: DateTime<Utc>) -> DateTime<Utc> {
    opened_at + Duration::hours(sla_hours(severity))
}

/// Where a ticket may go from where it is. Work starts before a ticket is resolved, so every
/// resolution has someone who worked on it; a resolved ticket is a record and stays resolved
/// (a new problem is a new ticket). Work can be handed back to the open queue.
pub fn moves(from: RiskStatus) -> &'static [RiskStatus] {
    match from {
        RiskStatus::Open => &[RiskStatus::InProgress],
        RiskStatus::InProgress => &[RiskStatus::Resolved, RiskStatus::Open],
        RiskStatus::Resolved => &[],
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    #[error("a ticket does not go from this status to that one")]
    NotAllowed,
    #[error("resolving needs a note saying how")]
    NoteMissing,
    #[error("the note is too long")]
    NoteTooLong,
}

/// A status change, checked: the move must be one `moves` allows, and a resolution carries its
/// note (trimmed; other moves ignore the note).
pub fn check_move(from: RiskStatus, to: RiskStatus, note: &str) -> Result<Option<String>, MoveError> {
    if !moves(from).contains(&to) {
        return Err(MoveError::NotAllowed);
    }
    if to != RiskStatus::Resolved {
        return Ok(None);
    }
    let note = note.trim();
    if note.is_empty() {
        return Err(MoveError::NoteMissing);
    }
    if note.chars().count() > NOTE_MAX_CHARS {
        return Err(MoveError::NoteTooLong);
    }
    Ok(Some(note.to_owned()))
}

/// A ticket's form as typed.
#[derive(Debug, Clone, Copy)]
pub struct RawTicket<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub severity: &'a str,
    pub action: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    pub title: String,
    pub kind: RiskKind,
    pub severity: RiskSeverity,
    pub action: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    #[error("no title")]
    TitleMissing,
    #[error("title too long")]
    TitleTooLong,
    #[error("control characters in the title")]
    TitleControlChars,
    #[error("not a kind of risk")]
    KindUnknown,
    #[error("not a severity")]
    SeverityUnknown,
    #[error("no recommended action")]
    ActionMissing,
    #[error("recommended action too long")]
    ActionTooLong,
}

impl Ticket {
    /// Every problem at once, so the form can mark each field.
    pub fn parse(raw: &RawTicket<'_>) -> Result<Ticket, Vec<TicketError>> {
        let mut errors = Vec::new();
        let title = raw.title.trim();
        if title.is_empty() {
            errors.push(TicketError::TitleMissing);
        } else if title.chars().count() > TITLE_MAX_CHARS {
            errors.push(TicketError::TitleTooLong);
        } else if title.chars().any(char::is_control) {
            errors.push(TicketError::TitleControlChars);
        }
        let kind = raw.kind.trim().parse::<RiskKind>().ok();
        if kind.is_none() {
            errors.push(TicketError::KindUnknown);
        }
        let severity = raw.severity.trim().parse::<RiskSeverity>().ok();
        if severity.is_none() {
            errors.push(TicketError::SeverityUnknown);
        }
        let action = raw.action.trim();
        if action.is_empty() {
            errors.push(TicketError::ActionMissing);
        } else if action.chars().count() > ACTION_MAX_CHARS {
            errors.push(TicketError::ActionTooLong);
        }
        match (kind, severity) {
            (Some(kind), Some(severity)) if errors.is_empty() => {
                Ok(Ticket { title: title.to_owned(), kind, severity, action: action.to_owned() })
            }
            _ => Err(errors),
        }
    }
}

/// What the risk model flags in one running cohort: the learners listed at risk (and not marked
/// "not useful" by the cohort's trainer), out of its members, with their mean risk score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CohortFlags {
    pub listed: i64,
    pub members: i64,
    pub mean_score: f64,
}

/// A cohort is proposed for a ticket when this many of its learners are flagged...
pub const PROPOSE_MIN_LISTED: i64 = 3;
/// ...or this share of them (a small cohort with two flagged learners in five is in trouble).
pub const PROPOSE_MIN_SHARE: f64 = 0.25;

/// The severity the flags call for, or None when a trainer's own follow-up is enough: a share of
/// the cohort decides it, so that a large cohort with a few flagged learners is not ranked above
/// a small one most of whose learners are slipping; very confident flags raise it by one step.
pub fn proposed_severity(f: CohortFlags) -> Option<RiskSeverity> {
    if f.listed <= 0 || f.members <= 0 {
        return None;
    }
    let share = f.listed as f64 / f.members as f64;
    if f.listed < PROPOSE_MIN_LISTED && share < PROPOSE_MIN_SHARE {
        return None;
    }
    let base = if share >= 0.5 {
        RiskSeverity::High
    } else if share >= PROPOSE_MIN_SHARE {
        RiskSeverity::Medium
    } else {
        RiskSeverity::Low
    };
    Some(if f.mean_score >= 0.8 { raise(base) } else { base })
}

fn raise(s: RiskSeverity) -> RiskSeverity {
    match s {
        RiskSeverity::Low => RiskSeverity::Medium,
        RiskSeverity::Medium => RiskSeverity::High,
        RiskSeverity::High | RiskSeverity::Critical => RiskSeverity::Critical,
    }
}

/// Severity order for sorting proposals and tickets, most severe first.
pub fn rank(s: RiskSeverity) -> u8 {
    match s {
        RiskSeverity::Critical => 0,
        RiskSeverity::High => 1,
        RiskSeverity::Medium => 2,
        RiskSeverity::Low => 3,
    }
}

/// How recovery after a resolved ticket reads: of the affected learners, how many learned within
/// `RECOVERY_DAYS` of the resolution, and whether that window has closed (before it has, the
/// figure can still rise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recovery {
    pub active: i64,
    pub affected: i64,
    pub final_: bool,
}

pub fn recovery_window_ends(resolved_at: DateTime<Utc>) -> DateTime<Utc> {
    resolved_at + Duration::days(RECOVERY_DAYS)
}

/// Whether a ticket is overdue at `now`: unresolved past its due time.
pub fn overdue(status: RiskStatus, due_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    status != RiskStatus::Resolved && now > due_at
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const ALL: [RiskStatus; 3] = [RiskStatus::Open, RiskStatus::InProgress, RiskStatus::Resolved];

    #[test]
    fn the_sla_is_shorter_the_more_severe() {
        let order = [RiskSeverity::Critical, RiskSeverity::High, RiskSeverity::Medium, RiskSeverity::Low];
        for pair in order.windows(2) {
            assert!(sla_hours(pair[0]) < sla_hours(pair[1]), "{pair:?}");
        }
        let t = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        assert_eq!(due_at(RiskSeverity::High, t), Utc.with_ymd_and_hms(2026, 3, 4, 9, 0, 0).unwrap());
        assert_eq!(due_at(RiskSeverity::Low, t), Utc.with_ymd_and_hms(2026, 3, 15, 9, 0, 0).unwrap());
    }

    #[test]
    fn only_the_machines_moves_are_allowed() {
        let allowed = [
            (RiskStatus::Open, RiskStatus::InProgress),
            (RiskStatus::InProgress, RiskStatus::Resolved),
            (RiskStatus::InProgress, RiskStatus::Open),
        ];
        for from in ALL {
            for to in ALL {
                let ok = check_move(from, to, "Called every learner.").is_ok();
                assert_eq!(ok, allowed.contains(&(from, to)), "{from:?} -> {to:?}");
            }
        }
        // Open straight to resolved skips the work; resolved is final.
        assert_eq!(check_move(RiskStatus::Open, RiskStatus::Resolved, "x"), Err(MoveError::NotAllowed));
        assert_eq!(check_move(RiskStatus::Resolved, RiskStatus::Open, ""), Err(MoveError::NotAllowed));
    }

    #[test]
    fn a_resolution_needs_its_note_and_other_moves_ignore_it() {
        assert_eq!(check_move(RiskStatus::InProgress, RiskStatus::Resolved, "   "), Err(MoveError::NoteMissing));
        let long = "n".repeat(NOTE_MAX_CHARS + 1);
        assert_eq!(check_move(RiskStatus::InProgress, RiskStatus::Resolved, &long), Err(MoveError::NoteTooLong));
        assert_eq!(check_move(RiskStatus::InProgress, RiskStatus::Resolved, " Done. "), Ok(Some("Done.".to_owned())));
        assert_eq!(check_move(RiskStatus::Open, RiskStatus::InProgress, "ignored"), Ok(None));
    }

    #[test]
    fn a_form_names_every_problem() {
        let raw = RawTicket { title: " ", kind: "gossip", severity: "urgent", action: "" };
        assert_eq!(
            Ticket::parse(&raw),
            Err(vec![TicketError::TitleMissing, TicketError::KindUnknown, TicketError::SeverityUnknown, TicketError::ActionMissing])
        );
        let long = "t".repeat(TITLE_MAX_CHARS + 1);
        let raw = RawTicket { title: &long, kind: "compliance", severity: "low", action: "Check." };
        assert_eq!(Ticket::parse(&raw), Err(vec![TicketError::TitleTooLong]));
        let raw = RawTicket { title: "a\u{7}b", kind: "compliance", severity: "low", action: "Check." };
        assert_eq!(Ticket::parse(&raw), Err(vec![TicketError::TitleControlChars]));
        let raw = RawTicket { title: " Late sheets ", kind: "compliance", severity: "high", action: " Collect them. " };
        assert_eq!(
            Ticket::parse(&raw),
            Ok(Ticket {
                title: "Late sheets".into(),
                kind: RiskKind::Compliance,
                severity: RiskSeverity::High,
                action: "Collect them.".into()
            })
        );
    }

    #[test]
    fn proposals_follow_the_share_flagged_and_the_models_confidence() {
        let f = |listed, members, mean_score| proposed_severity(CohortFlags { listed, members, mean_score });
        assert_eq!(f(0, 20, 0.9), None);
        assert_eq!(f(2, 20, 0.7), None, "two in twenty is the trainer's own follow-up");
        assert_eq!(f(2, 5, 0.6), Some(RiskSeverity::Medium), "two in five is a share");
        assert_eq!(f(3, 40, 0.6), Some(RiskSeverity::Low));
        assert_eq!(f(12, 20, 0.6), Some(RiskSeverity::High));
        assert_eq!(f(12, 20, 0.85), Some(RiskSeverity::Critical));
        assert_eq!(f(3, 40, 0.85), Some(RiskSeverity::Medium));
        assert_eq!(f(5, 0, 0.9), None);
    }

    #[test]
    fn overdue_is_unresolved_past_due() {
        let due = Utc.with_ymd_and_hms(2026, 3, 4, 9, 0, 0).unwrap();
        let after = due + Duration::minutes(1);
        assert!(overdue(RiskStatus::Open, due, after));
        assert!(overdue(RiskStatus::InProgress, due, after));
        assert!(!overdue(RiskStatus::Resolved, due, after));
        assert!(!overdue(RiskStatus::Open, due, due));
    }
}
