//! Calendar rules in the learner's own time zone: local days, Monday-start weeks, streaks.
//!
//! Goals and streaks follow the learner's clock, not the server's: a lesson finished at 23:30 in
//! Nairobi belongs to that Nairobi day even though it is 20:30 UTC.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::BTreeSet;

/// The learner's zone, falling back to UTC for a name the database does not know, so a bad
/// stored value degrades the display rather than breaking the page.
pub fn zone_or_utc(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

pub fn is_known_zone(name: &str) -> bool {
    name.parse::<Tz>().is_ok()
}

pub fn local_date(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// Monday of the week holding `date`.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date - Days::new(date.weekday().num_days_from_monday() as u64)
}

/// The instant a local day begins. Where a daylight-saving jump skips midnight (e.g. Havana),
/// the day begins at the first local time that exists.
pub fn start_of_local_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let mut time = NaiveTime::MIN;
    for _ in 0..(24 * 4) {
        if let Some(at) = tz.from_local_datetime(&date.and_time(time)).earliest() {
            return at.with_timezone(&Utc);
        }
        time += chrono::Duration::minutes(15);
    }
    // No zone skips a whole day's quarter hours except by moving the date line, where the
    // UTC midnight is as good a boundary as any.
    Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
}

/// The current local week as a half-open UTC interval [start, end).
pub fn current_week(now: DateTime<Utc>, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let monday = week_start(local_date(now, tz));
    let next_monday = monday + Days::new(7);
    (start_of_local_day(monday, tz), start_of_local_day(next_monday, tz))
}

/// Consecutive active days ending today, or ending yesterday when today has no activity yet
/// (the streak is still alive until the day is over).
pub fn streak<I: IntoIterator<Item = NaiveDate>>(active_days: I, today: NaiveDate) -> u32 {
    let days: BTreeSet<NaiveDate> = active_days.into_iter().filter(|d| *d <= today).collect();
    let mut cursor = if days.contains(&today) {
        today
    } else {
        match today.pred_opt() {
            Some(yesterday) if days.contains(&yesterday) => yesterday,
            _ => return 0,
        }
    };
    let mut count = 0;
    while days.contains(&cursor) {
        count += 1;
        match cursor.pred_opt() {
            Some(prev) => cursor = prev,
            None => break,
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn unknown_zone_falls_back_to_utc() {
        assert_eq!(zone_or_utc("Mars/Olympus"), Tz::UTC);
        assert_eq!(zone_or_utc("Africa/Nairobi"), chrono_tz::Africa::Nairobi);
        assert!(is_known_zone("Asia/Kolkata"));
        assert!(!is_known_zone(""));
    }

    #[test]
    fn local_date_follows_the_learner_clock() {
        // 22:30 UTC on Sunday is already Monday in Nairobi (UTC+3) and still Sunday in Lima (UTC-5).
        let at = utc("2026-11-22T22:30:00Z");
        assert_eq!(local_date(at, chrono_tz::Africa::Nairobi), d("2026-11-23"));
        assert_eq!(local_date(at, chrono_tz::America::Lima), d("2026-11-22"));
    }

    #[test]
    fn week_starts_on_monday() {
        assert_eq!(week_start(d("2026-11-23")), d("2026-11-23")); // Monday
        assert_eq!(week_start(d("2026-11-22")), d("2026-11-16")); // Sunday
        assert_eq!(week_start(d("2026-01-01")), d("2025-12-29")); // across a year
    }

    #[test]
    fn current_week_is_local_midnight_to_local_midnight() {
        let (start, end) = current_week(utc("2026-11-22T22:30:00Z"), chrono_tz::Africa::Nairobi);
        assert_eq!(start, utc("2026-11-22T21:00:00Z"), "Monday 00:00 in Nairobi");
        assert_eq!(end, utc("2026-11-29T21:00:00Z"));
        let (start, _) = current_week(utc("2026-11-22T22:30:00Z"), chrono_tz::America::Lima);
        assert_eq!(start, utc("2026-11-16T05:00:00Z"));
    }

    #[test]
    fn week_spanning_a_dst_change_is_not_seven_times_24_hours() {
        // Europe/Lisbon leaves summer time on Sunday 2026-10-25: that week has 169 hours.
        let (start, end) = current_week(utc("2026-10-21T12:00:00Z"), chrono_tz::Europe::Lisbon);
        assert_eq!((end - start).num_hours(), 169);
    }

    #[test]
    fn day_start_when_midnight_does_not_exist() {
        // Havana springs forward at 00:00 on 2026-03-08: the day starts at 01:00 local (05:00 UTC).
        let start = start_of_local_day(d("2026-03-08"), chrono_tz::America::Havana);
        assert_eq!(start, utc("2026-03-08T05:00:00Z"));
    }

    #[test]
    fn streak_counts_consecutive_days_ending_today() {
        let today = d("2026-11-22");
        let days = [d("2026-11-22"), d("2026-11-21"), d("2026-11-20"), d("2026-11-18")];
        assert_eq!(streak(days, today), 3);
    }

    #[test]
    fn streak_survives_until_the_day_is_over() {
        let today = d("2026-11-22");
        assert_eq!(streak([d("2026-11-21"), d("2026-11-20")], today), 2);
        assert_eq!(streak([d("2026-11-20"), d("2026-11-19")], today), 0, "a missed day breaks it");
    }

    #[test]
    fn streak_ignores_duplicates_order_and_future_days() {
        let today = d("2026-11-22");
        let days = [d("2026-11-21"), d("2026-11-22"), d("2026-11-22"), d("2026-11-25"), d("2026-11-20")];
        assert_eq!(streak(days, today), 3);
        assert_eq!(streak(Vec::<NaiveDate>::new(), today), 0);
    }

    #[test]
    fn streak_crosses_month_and_year_ends() {
        let days = [d("2027-01-01"), d("2026-12-31"), d("2026-12-30")];
        assert_eq!(streak(days, d("2027-01-01")), 3);
    }
}
