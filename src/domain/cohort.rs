//! A cohort's life as a state machine: planned → active → completed → archived, with a planned
//! cohort that never ran cancelled (and later archived). Any other move is refused, so a finished
//! cohort cannot quietly start again and an archived one stays as it was.

use crate::model::trainer::CohortStatus;
use chrono::NaiveDate;

/// A move the machine does not allow, with where it may go instead (for the message).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a cohort cannot go from {from:?} to {to:?}")]
pub struct IllegalMove {
    pub from: CohortStatus,
    pub to: CohortStatus,
    pub allowed: Vec<CohortStatus>,
}

/// Where a cohort in `from` may go next.
pub fn next(from: CohortStatus) -> Vec<CohortStatus> {
    use CohortStatus::*;
    match from {
        Planned => vec![Active, Cancelled],
        Active => vec![Completed],
        Completed | Cancelled => vec![Archived],
        Archived => vec![],
    }
}

/// Checks a move; staying where it is is not a move and is always allowed (an edit that keeps the
/// status).
pub fn check(from: CohortStatus, to: CohortStatus) -> Result<(), IllegalMove> {
    let allowed = next(from);
    if from == to || allowed.contains(&to) { Ok(()) } else { Err(IllegalMove { from, to, allowed }) }
}

/// The longest cohort name (the list pages show it in full).
pub const NAME_MAX_CHARS: usize = 120;
/// The longest a cohort may run: three years covers any programme we run; more is a typo.
pub const MAX_DAYS: i64 = 3 * 366;

/// Why a cohort's name, dates or references were refused; all of them are found at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    #[error("no name given")]
    NameMissing,
    #[error("name longer than {NAME_MAX_CHARS} characters")]
    NameTooLong,
    #[error("name holds control characters")]
    NameControlChars,
    #[error("no start date")]
    StartMissing,
    #[error("start date unreadable")]
    StartMalformed,
    #[error("no end date")]
    EndMissing,
    #[error("end date unreadable")]
    EndMalformed,
    #[error("ends before it starts")]
    EndsBeforeStart,
    #[error("runs longer than {MAX_DAYS} days")]
    TooLong,
    #[error("no sponsor chosen")]
    ClientMissing,
    #[error("no learning path chosen")]
    PathMissing,
    #[error("not a cohort status")]
    StatusUnknown,
}

/// A cohort's editable fields, every one of them valid. The sponsor and path are ids the database
/// still has to confirm (they may be gone, or the sponsor no longer active).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub name: String,
    pub client_org_id: i64,
    pub learning_path_id: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: CohortStatus,
}

/// The form's fields as typed.
#[derive(Debug, Clone, Default)]
pub struct RawDraft<'a> {
    pub name: &'a str,
    pub client: &'a str,
    pub path: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub status: &'a str,
}

impl Draft {
    /// Parses the whole form, returning every problem (with the field it belongs to) at once.
    pub fn parse(raw: &RawDraft<'_>) -> Result<Self, Vec<DraftError>> {
        let mut errors = Vec::new();
        let name = raw.name.trim();
        if name.is_empty() {
            errors.push(DraftError::NameMissing);
        } else if name.chars().count() > NAME_MAX_CHARS {
            errors.push(DraftError::NameTooLong);
        } else if name.chars().any(char::is_control) {
            errors.push(DraftError::NameControlChars);
        }
        let id = |s: &str, missing| s.trim().parse::<i64>().ok().filter(|n| *n > 0).ok_or(missing);
        let client = id(raw.client, DraftError::ClientMissing);
        let path = id(raw.path, DraftError::PathMissing);
        let date = |s: &str, missing, malformed| match s.trim() {
            "" => Err(missing),
            t => NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| malformed),
        };
        let starts = date(raw.starts_on, DraftError::StartMissing, DraftError::StartMalformed);
        let ends = date(raw.ends_on, DraftError::EndMissing, DraftError::EndMalformed);
        let status = raw.status.parse::<CohortStatus>().map_err(|_| DraftError::StatusUnknown);
        for e in [&client, &path, &starts.map(|_| 0), &ends.map(|_| 0), &status.map(|_| 0)].into_iter().filter_map(|r| r.err()) {
            errors.push(e);
        }
        if let (Ok(s), Ok(e)) = (starts, ends) {
            if e < s {
                errors.push(DraftError::EndsBeforeStart);
            } else if (e - s).num_days() > MAX_DAYS {
                errors.push(DraftError::TooLong);
            }
        }
        match (client, path, starts, ends, status) {
            (Ok(client_org_id), Ok(learning_path_id), Ok(starts_on), Ok(ends_on), Ok(status)) if errors.is_empty() => {
                Ok(Draft { name: name.to_owned(), client_org_id, learning_path_id, starts_on, ends_on, status })
            }
            _ => Err(errors),
        }
    }
}

/// The statuses a new cohort may start in: about to run, or already running.
pub const STARTING: [CohortStatus; 2] = [CohortStatus::Planned, CohortStatus::Active];

#[cfg(test)]
mod tests {
    use super::*;
    use CohortStatus::*;

    const ALL: [CohortStatus; 5] = [Planned, Active, Completed, Cancelled, Archived];

    #[test]
    fn the_life_of_a_cohort_runs_forward_only() {
        for (from, to) in [(Planned, Active), (Active, Completed), (Completed, Archived), (Planned, Cancelled), (Cancelled, Archived)] {
            assert_eq!(check(from, to), Ok(()), "{from:?} → {to:?}");
        }
        for (from, to) in [(Active, Planned), (Completed, Active), (Planned, Completed), (Active, Cancelled), (Planned, Archived)] {
            assert!(check(from, to).is_err(), "{from:?} → {to:?} must be refused");
        }
    }

    #[test]
    fn an_archived_cohort_goes_nowhere_and_every_refusal_says_where_it_could_go() {
        for to in ALL.into_iter().filter(|s| *s != Archived) {
            assert_eq!(check(Archived, to), Err(IllegalMove { from: Archived, to, allowed: vec![] }));
        }
        let refused = check(Active, Planned).unwrap_err();
        assert_eq!(refused.allowed, vec![Completed]);
    }

    #[test]
    fn keeping_the_status_is_not_a_move() {
        for s in ALL {
            assert_eq!(check(s, s), Ok(()));
        }
    }
    fn raw<'a>() -> RawDraft<'a> {
        RawDraft { name: " Solar Kitui 2027 ", client: "3", path: "1", starts_on: "2027-01-04", ends_on: "2027-03-26", status: "planned" }
    }

    #[test]
    fn a_good_form_parses_with_the_name_trimmed() {
        let d = Draft::parse(&raw()).unwrap();
        assert_eq!(d.name, "Solar Kitui 2027");
        assert_eq!((d.client_org_id, d.learning_path_id, d.status), (3, 1, Planned));
        assert_eq!(d.ends_on - d.starts_on, chrono::Duration::days(81));
    }

    #[test]
    fn every_problem_of_a_form_is_found_at_once() {
        let bad = RawDraft { name: "  ", client: "", path: "x", starts_on: "2027-13-01", ends_on: "", status: "running" };
        assert_eq!(
            Draft::parse(&bad).unwrap_err(),
            vec![
                DraftError::NameMissing,
                DraftError::ClientMissing,
                DraftError::PathMissing,
                DraftError::StartMalformed,
                DraftError::EndMissing,
                DraftError::StatusUnknown
            ]
        );
    }

    #[test]
    fn dates_must_run_forward_and_not_for_years() {
        let one_day = RawDraft { ends_on: "2027-01-04", ..raw() };
        assert!(Draft::parse(&one_day).is_ok(), "a one-day cohort is fine");
        let backwards = RawDraft { ends_on: "2027-01-03", ..raw() };
        assert_eq!(Draft::parse(&backwards).unwrap_err(), vec![DraftError::EndsBeforeStart]);
        let decade = RawDraft { ends_on: "2037-01-04", ..raw() };
        assert_eq!(Draft::parse(&decade).unwrap_err(), vec![DraftError::TooLong]);
    }

    #[test]
    fn names_are_bounded_and_plain() {
        let long = "x".repeat(NAME_MAX_CHARS + 1);
        assert_eq!(Draft::parse(&RawDraft { name: &long, ..raw() }).unwrap_err(), vec![DraftError::NameTooLong]);
        assert_eq!(Draft::parse(&RawDraft { name: "a\u{7}b", ..raw() }).unwrap_err(), vec![DraftError::NameControlChars]);
        let exact = "é".repeat(NAME_MAX_CHARS);
        assert!(Draft::parse(&RawDraft { name: &exact, ..raw() }).is_ok());
        assert_eq!(Draft::parse(&RawDraft { client: "-4", ..raw() }).unwrap_err(), vec![DraftError::ClientMissing]);
    }
}
