//! Offline sync's rules: how large a chunk may be, and which time an action queued on a phone
//! counts at when the phone's clock cannot be trusted blindly.

use crate::model::sync::SyncClock;
use chrono::{DateTime, Duration, Utc};

/// The sync format this build speaks (`/api/sync/v1`).
pub const VERSION: u16 = 1;
/// Actions one request may carry; a longer queue goes in several chunks, so a dropped link loses
/// at most one chunk's answer (its actions are found by their receipts when it is sent again).
pub const MAX_ACTIONS: usize = 200;
/// A phone's clock may run this far ahead of the server's and still be taken as given (the
/// action is counted at the server's time).
pub const CLOCK_SKEW: Duration = Duration::seconds(60);
/// Nothing counts earlier than this before it arrives: a phone offline longer than two months,
/// or one whose clock says last year, has its actions counted at this bound.
pub const MAX_AGE: Duration = Duration::days(60);

/// When an action counts, and how its device time was judged. `floor` is the earliest time the
/// action can have happened: when the lesson was saved to the phone, or else when the learner
/// joined its path (none when neither is known).
pub fn counted_at(device_at: DateTime<Utc>, received_at: DateTime<Utc>, floor: Option<DateTime<Utc>>) -> (DateTime<Utc>, SyncClock) {
    if device_at > received_at {
        let clock = if device_at - received_at <= CLOCK_SKEW { SyncClock::AsGiven } else { SyncClock::Future };
        return (received_at, clock);
    }
    let oldest = received_at - MAX_AGE;
    match floor {
        Some(floor) if floor > oldest && device_at < floor => (floor.min(received_at), SyncClock::BeforeSaved),
        _ if device_at < oldest => (oldest, SyncClock::TooOld),
        _ => (device_at, SyncClock::AsGiven),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_time_within_bounds_counts_as_given() {
        let now = t("2026-11-25T10:00:00Z");
        let saved = Some(t("2026-11-20T08:00:00Z"));
        assert_eq!(counted_at(t("2026-11-22T18:30:00Z"), now, saved), (t("2026-11-22T18:30:00Z"), SyncClock::AsGiven));
        assert_eq!(counted_at(t("2026-11-20T08:00:00Z"), now, saved), (t("2026-11-20T08:00:00Z"), SyncClock::AsGiven), "the bound itself");
        assert_eq!(counted_at(now, now, saved), (now, SyncClock::AsGiven));
    }

    #[test]
    fn a_clock_ahead_counts_at_arrival_and_says_so_past_the_skew() {
        let now = t("2026-11-25T10:00:00Z");
        assert_eq!(counted_at(t("2026-11-25T10:00:30Z"), now, None), (now, SyncClock::AsGiven), "half a minute fast is skew");
        assert_eq!(counted_at(t("2026-11-25T10:01:01Z"), now, None), (now, SyncClock::Future));
        assert_eq!(counted_at(t("2027-11-25T10:00:00Z"), now, None), (now, SyncClock::Future));
    }

    #[test]
    fn a_time_before_the_lesson_was_saved_counts_at_the_save() {
        let now = t("2026-11-25T10:00:00Z");
        let saved = t("2026-11-20T08:00:00Z");
        assert_eq!(counted_at(t("2026-11-19T23:59:59Z"), now, Some(saved)), (saved, SyncClock::BeforeSaved));
        assert_eq!(counted_at(t("1970-01-01T00:00:00Z"), now, Some(saved)), (saved, SyncClock::BeforeSaved));
    }

    #[test]
    fn nothing_counts_earlier_than_the_oldest_bound() {
        let now = t("2026-11-25T10:00:00Z");
        let oldest = now - MAX_AGE;
        assert_eq!(counted_at(t("2020-01-01T00:00:00Z"), now, None), (oldest, SyncClock::TooOld));
        // A floor older than the bound (joined a year ago) does not widen it.
        assert_eq!(counted_at(t("2025-12-01T00:00:00Z"), now, Some(t("2025-11-01T00:00:00Z"))), (oldest, SyncClock::TooOld));
        assert_eq!(counted_at(oldest, now, None), (oldest, SyncClock::AsGiven));
    }
}
