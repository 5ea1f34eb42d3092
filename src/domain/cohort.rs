//! A cohort's life as a state machine: planned → active → completed → archived, with a planned
//! cohort that never ran cancelled (and later archived). Any other move is refused, so a finished
//! cohort cannot quietly start again and an archived one stays as it was.

use crate::model::trainer::CohortStatus;

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
}
