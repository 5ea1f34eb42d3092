//! A learner's own settings: the weekly goal in minutes and the time zone their days and weeks
//! are counted in, read from what a form sent.

use crate::domain::calendar;

/// Twenty hours a week: more is not a goal a working learner keeps, and a typo (1200 for 120)
/// should be caught rather than make every week look failed.
pub const GOAL_MAX_MINUTES: i32 = 1200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GoalError {
    #[error("not a whole number")]
    NotANumber,
    #[error("outside 0..={GOAL_MAX_MINUTES}")]
    OutOfRange,
}

/// Minutes a week, 0 (no goal) to `GOAL_MAX_MINUTES`, as typed (spaces allowed around it).
pub fn weekly_goal(input: &str) -> Result<i32, GoalError> {
    let minutes: i64 = input.trim().parse().map_err(|_| GoalError::NotANumber)?;
    i32::try_from(minutes).ok().filter(|m| (0..=GOAL_MAX_MINUTES).contains(m)).ok_or(GoalError::OutOfRange)
}

/// A time zone by its IANA name (`Africa/Nairobi`), as the calendar rules know it.
pub fn time_zone(input: &str) -> Option<String> {
    let name = input.trim();
    calendar::is_known_zone(name).then(|| name.to_owned())
}

/// Every zone name a learner may choose, in alphabetical order.
pub fn zone_names() -> impl Iterator<Item = &'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_are_whole_minutes_within_reason() {
        assert_eq!(weekly_goal(" 150 "), Ok(150));
        assert_eq!(weekly_goal("0"), Ok(0));
        assert_eq!(weekly_goal("1200"), Ok(1200));
        assert_eq!(weekly_goal("1201"), Err(GoalError::OutOfRange));
        assert_eq!(weekly_goal("-5"), Err(GoalError::OutOfRange));
        assert_eq!(weekly_goal("99999999999"), Err(GoalError::OutOfRange));
        assert_eq!(weekly_goal("2 hours"), Err(GoalError::NotANumber));
        assert_eq!(weekly_goal(""), Err(GoalError::NotANumber));
        assert_eq!(weekly_goal("1.5"), Err(GoalError::NotANumber));
    }

    #[test]
    fn zones_are_iana_names() {
        assert_eq!(time_zone("Africa/Nairobi").as_deref(), Some("Africa/Nairobi"));
        assert_eq!(time_zone(" America/Lima ").as_deref(), Some("America/Lima"));
        assert_eq!(time_zone("Mars/Olympus"), None);
        assert_eq!(time_zone(""), None);
        assert!(zone_names().any(|z| z == "Africa/Ouagadougou"));
    }
}
