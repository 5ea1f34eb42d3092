//! The operations KPIs, defined once: the period a view covers, and how a segment's daily rollup
//! rows (migrations/…_kpi_rollups.sql) become each figure, its value a period earlier and the
//! weekly trend.

use crate::model::forms::Problem;
use chrono::{Days, NaiveDate};

/// The longest period a view may cover.
pub const MAX_PERIOD_DAYS: i64 = 366;
/// The period shown when none is chosen: four whole weeks ending today.
pub const DEFAULT_PERIOD_DAYS: u64 = 28;
/// Weeks the trend charts show.
pub const TREND_WEEKS: u64 = 12;

/// Inclusive days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// Reads the dates a view was asked for (empty: the default), refusing what cannot be shown.
    pub fn read(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<Period, Problem> {
        let day = |v: Option<&str>| -> Result<Option<NaiveDate>, Problem> {
            match v.map(str::trim).filter(|t| !t.is_empty()) {
                None => Ok(None),
                Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d").map(Some).map_err(|_| Problem::DateMalformed),
            }
        };
        let (from, to) = (day(from)?, day(to)?);
        let to = to.unwrap_or(today);
        let from = from.unwrap_or_else(|| to - Days::new(DEFAULT_PERIOD_DAYS - 1));
        if to > today {
            return Err(Problem::DateInFuture);
        }
        if to < from {
            return Err(Problem::EndsBeforeStart);
        }
        let period = Period { from, to };
        if period.days() > MAX_PERIOD_DAYS {
            return Err(Problem::PeriodTooLong { max_days: MAX_PERIOD_DAYS });
        }
        Ok(period)
    }

    /// The period as instants: from its first day's midnight to the midnight after its last (UTC),
    /// for reading timestamps that fall in it.
    pub fn instants(self) -> (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) {
        let midnight = |d: NaiveDate| d.and_time(chrono::NaiveTime::MIN).and_utc();
        (midnight(self.from), midnight(self.to.succ_opt().unwrap_or(self.to)))
    }

    pub fn days(self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The same number of days just before: what each figure is compared with.
    pub fn previous(self) -> Period {
        let to = self.from - Days::new(1);
        Period { from: to - Days::new(self.days() as u64 - 1), to }
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// A view's filters, read: a client and a path (0: every one) and the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filters {
    pub client: i64,
    pub path: i64,
    pub period: Period,
}

/// Reads the filters a view was asked for (`/ops`, `/ops/quality`) against the clients and paths
/// there are. A problem comes with the field it belongs to: "client", "path", "from" or "to".
pub fn read_filters(
    asked: [Option<&str>; 4],
    clients: &[i64],
    paths: &[i64],
    today: NaiveDate,
) -> Result<Filters, (&'static str, Problem)> {
    let [client, path, from, to] = asked;
    let pick = |given: Option<&str>, known: &[i64], problem: Problem| -> Result<i64, Problem> {
        match given.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(0),
            Some(v) => v.parse::<i64>().ok().filter(|id| known.contains(id)).ok_or(problem),
        }
    };
    let client = pick(client, clients, Problem::NoSuchClient).map_err(|p| ("client", p))?;
    let path = pick(path, paths, Problem::NoSuchPath).map_err(|p| ("path", p))?;
    let period = Period::read(from, to, today).map_err(|problem| {
        let field = match problem {
            Problem::EndsBeforeStart | Problem::DateInFuture => "to",
            Problem::DateMalformed if Period::read(from, None, today).is_ok() => "to",
            _ => "from",
        };
        (field, problem)
    })?;
    Ok(Filters { client, path, period })
}

/// One segment's rollup for a day: `d_` deltas (a level on day e is the sum of its deltas on days
/// up to e) and the day's flows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayRow {
    pub day: NaiveDate,
    pub d_active_7: i64,
    pub d_active_30: i64,
    pub d_members: i64,
    pub d_at_risk: i64,
    pub d_backlog: i64,
    pub lessons_completed: i64,
    pub enrolments: i64,
    pub paths_completed: i64,
    pub submitted: i64,
    pub graded: i64,
    pub scored: i64,
    pub score_sum: i64,
    pub passed: i64,
}

/// A segment's figures for one period.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Figures {
    /// Learners who did any learning (not just sign in) in the 7 and 30 days ending with the period.
    pub active_7: i64,
    pub active_30: i64,
    /// Learners in the segment at the period's end (counted from when the rollups began).
    pub learners: i64,
    pub enrolments: i64,
    pub lessons_completed: i64,
    /// Enrolments made up to the period's end, and how many of them are completed.
    pub enrolled_to_date: i64,
    pub completed_to_date: i64,
    pub scored: i64,
    pub score_sum: i64,
    pub passed: i64,
    pub at_risk: i64,
    /// Work waiting for a grade at the period's end.
    pub backlog: i64,
    pub graded: i64,
}

impl Figures {
    /// A segment's figures for `period`, from its rows in day order (rows before anything the
    /// view needs may be folded into one).
    pub fn of(rows: &[DayRow], period: Period) -> Figures {
        let mut f = Figures::default();
        for r in rows.iter().take_while(|r| r.day <= period.to) {
            f.active_7 += r.d_active_7;
            f.active_30 += r.d_active_30;
            f.learners += r.d_members;
            f.at_risk += r.d_at_risk;
            f.backlog += r.d_backlog;
            f.enrolled_to_date += r.enrolments;
            f.completed_to_date += r.paths_completed;
            if period.contains(r.day) {
                f.enrolments += r.enrolments;
                f.lessons_completed += r.lessons_completed;
                f.scored += r.scored;
                f.score_sum += r.score_sum;
                f.passed += r.passed;
                f.graded += r.graded;
            }
        }
        f
    }

    /// Mean score of the work scored in the period, out of 100.
    pub fn average_score(&self) -> Option<f64> {
        (self.scored > 0).then(|| self.score_sum as f64 / self.scored as f64)
    }

    /// Share of the work scored in the period that reached its assessment's pass mark.
    pub fn pass_rate(&self) -> Option<f64> {
        (self.scored > 0).then(|| self.passed as f64 / self.scored as f64)
    }

    /// Share of the enrolments made so far that are completed.
    pub fn completion_rate(&self) -> Option<f64> {
        (self.enrolled_to_date > 0).then(|| self.completed_to_date as f64 / self.enrolled_to_date as f64)
    }

    /// Share of the segment's learners at risk.
    pub fn at_risk_share(&self) -> Option<f64> {
        (self.learners > 0).then(|| self.at_risk as f64 / self.learners as f64)
    }
}

/// One week of a trend: levels at the week's last day, flows over its seven days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekPoint {
    pub last_day: NaiveDate,
    pub active_7: i64,
    pub lessons_completed: i64,
    pub at_risk: i64,
    pub backlog: i64,
}

/// The `weeks` weeks ending with `end`, oldest first.
pub fn weekly(rows: &[DayRow], end: NaiveDate, weeks: u64) -> Vec<WeekPoint> {
    (0..weeks)
        .rev()
        .map(|back| {
            let last_day = end - Days::new(7 * back);
            let f = Figures::of(rows, Period { from: last_day - Days::new(6), to: last_day });
            WeekPoint { last_day, active_7: f.active_7, lessons_completed: f.lessons_completed, at_risk: f.at_risk, backlog: f.backlog }
        })
        .collect()
}

/// The first day a view reads separately; every row before it can be folded into one.
pub fn first_day_needed(period: Period, weeks: u64) -> NaiveDate {
    let trend_start = period.to - Days::new(7 * weeks - 1);
    period.previous().from.min(trend_start)
}

/// The median of whole hours from a histogram of (hours, count) in any order; the lower median
/// for an even count.
pub fn median_hours(histogram: &[(i64, i64)]) -> Option<i64> {
    let mut h: Vec<(i64, i64)> = histogram.iter().copied().filter(|&(_, n)| n > 0).collect();
    h.sort_unstable();
    let total: i64 = h.iter().map(|&(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    let middle = (total + 1) / 2;
    let mut seen = 0;
    for (hours, n) in h {
        seen += n;
        if seen >= middle {
            return Some(hours);
        }
    }
    None
}

/// Learners in active cohorts over what the trainers on duty can take, in percent.
pub fn utilisation(learners: i64, capacity: i64) -> Option<f64> {
    (capacity > 0).then(|| learners as f64 * 100.0 / capacity as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Deltas for one learner active on `days` (the rollup's rule: +1 on an active day, -1 when
    /// the window has passed or the next active day takes over).
    fn activity(days: &[&str]) -> Vec<DayRow> {
        let days: Vec<NaiveDate> = days.iter().map(|s| d(s)).collect();
        let mut rows: Vec<DayRow> = Vec::new();
        let mut add = |day: NaiveDate, a7: i64, a30: i64| rows.push(DayRow { day, d_active_7: a7, d_active_30: a30, ..DayRow::default() });
        for (i, &day) in days.iter().enumerate() {
            let next = days.get(i + 1).copied();
            add(day, 1, 1);
            let end = |w: u64| next.map_or(day + Days::new(w), |n| n.min(day + Days::new(w)));
            add(end(7), -1, 0);
            add(end(30), 0, -1);
        }
        rows.sort_by_key(|r| r.day);
        rows
    }

    #[test]
    fn a_period_defaults_to_four_weeks_and_refuses_what_cannot_be_shown() {
        let today = d("2026-11-24");
        assert_eq!(Period::read(None, None, today), Ok(Period { from: d("2026-10-28"), to: today }));
        assert_eq!(Period::read(Some(" "), Some(""), today).unwrap().days(), 28);
        assert_eq!(Period::read(Some("2026-11-01"), None, today), Ok(Period { from: d("2026-11-01"), to: today }));
        assert_eq!(Period::read(Some("1/11/2026"), None, today), Err(Problem::DateMalformed));
        assert_eq!(Period::read(Some("2026-11-10"), Some("2026-11-09"), today), Err(Problem::EndsBeforeStart));
        assert_eq!(Period::read(None, Some("2026-11-25"), today), Err(Problem::DateInFuture));
        assert_eq!(Period::read(Some("2025-01-01"), None, today), Err(Problem::PeriodTooLong { max_days: 366 }));
        assert_eq!(Period::read(Some("2026-11-24"), None, today).unwrap().days(), 1);
    }

    #[test]
    fn filters_name_the_field_at_fault() {
        let today = d("2026-11-24");
        let read = |asked| read_filters(asked, &[7], &[3], today);
        let all = read([None, Some(" "), None, None]).unwrap();
        assert_eq!((all.client, all.path, all.period.days()), (0, 0, 28));
        assert_eq!(read([Some("7"), Some("3"), None, None]).map(|f| (f.client, f.path)), Ok((7, 3)));
        assert_eq!(read([Some("8"), None, None, None]), Err(("client", Problem::NoSuchClient)));
        assert_eq!(read([Some("x"), None, None, None]), Err(("client", Problem::NoSuchClient)));
        assert_eq!(read([None, Some("7"), None, None]), Err(("path", Problem::NoSuchPath)));
        assert_eq!(read([None, None, Some("2026-11-10"), Some("2026-11-01")]), Err(("to", Problem::EndsBeforeStart)));
        assert_eq!(read([None, None, Some("2026-11-01"), Some("soon")]), Err(("to", Problem::DateMalformed)));
        assert_eq!(read([None, None, Some("soon"), None]), Err(("from", Problem::DateMalformed)));
    }

    #[test]
    fn a_periods_instants_cover_its_whole_last_day() {
        let (from, until) = Period { from: d("2026-11-01"), to: d("2026-11-10") }.instants();
        assert_eq!(from.to_rfc3339(), "2026-11-01T00:00:00+00:00");
        assert_eq!(until.to_rfc3339(), "2026-11-11T00:00:00+00:00");
    }

    #[test]
    fn the_previous_period_is_as_long_and_ends_the_day_before() {
        let p = Period { from: d("2026-11-01"), to: d("2026-11-10") };
        assert_eq!(p.previous(), Period { from: d("2026-10-22"), to: d("2026-10-31") });
        assert_eq!(p.previous().days(), p.days());
    }

    #[test]
    fn active_learners_count_anyone_active_in_the_window_once() {
        // Active on the 1st, 3rd and 20th: in the 7 days to the 7th (once, not twice), not in the
        // 7 days to the 19th, again on the 20th; in the 30 days to the 30th.
        let rows = activity(&["2026-11-01", "2026-11-03", "2026-11-20"]);
        let at = |day: &str| Figures::of(&rows, Period { from: d(day), to: d(day) });
        assert_eq!(at("2026-10-31").active_7, 0);
        assert_eq!(at("2026-11-01").active_7, 1);
        assert_eq!(at("2026-11-07").active_7, 1);
        assert_eq!(at("2026-11-09").active_7, 1, "the 3rd is six days before the 9th");
        assert_eq!(at("2026-11-10").active_7, 0);
        assert_eq!(at("2026-11-19").active_7, 0);
        assert_eq!(at("2026-11-20").active_7, 1);
        assert_eq!(at("2026-11-19").active_30, 1);
        assert_eq!(at("2026-12-19").active_30, 1);
        assert_eq!(at("2026-12-20").active_30, 0);
    }

    #[test]
    fn flows_count_inside_the_period_and_levels_at_its_end() {
        let rows = vec![
            DayRow { day: d("2026-10-01"), d_members: 10, enrolments: 10, d_backlog: 3, ..DayRow::default() },
            DayRow {
                day: d("2026-11-02"),
                lessons_completed: 4,
                scored: 2,
                score_sum: 130,
                passed: 1,
                d_backlog: -2,
                graded: 2,
                ..DayRow::default()
            },
            DayRow { day: d("2026-11-05"), paths_completed: 5, d_at_risk: 2, lessons_completed: 1, ..DayRow::default() },
            DayRow { day: d("2026-11-20"), lessons_completed: 100, d_at_risk: 5, ..DayRow::default() },
        ];
        let f = Figures::of(&rows, Period { from: d("2026-11-01"), to: d("2026-11-10") });
        assert_eq!(f.lessons_completed, 5);
        assert_eq!(f.enrolments, 0, "enrolled before the period");
        assert_eq!((f.enrolled_to_date, f.completed_to_date), (10, 5));
        assert_eq!(f.completion_rate(), Some(0.5));
        assert_eq!(f.average_score(), Some(65.0));
        assert_eq!(f.pass_rate(), Some(0.5));
        assert_eq!((f.at_risk, f.backlog, f.learners), (2, 1, 10));
        assert_eq!(f.at_risk_share(), Some(0.2));
        let empty = Figures::of(&[], Period { from: d("2026-11-01"), to: d("2026-11-10") });
        assert_eq!((empty.average_score(), empty.pass_rate(), empty.completion_rate()), (None, None, None));
    }

    #[test]
    fn weeks_end_on_the_period_end_oldest_first() {
        let rows = activity(&["2026-11-01", "2026-11-20"]);
        let weeks = weekly(&rows, d("2026-11-24"), 4);
        assert_eq!(
            weeks.iter().map(|w| w.last_day).collect::<Vec<_>>(),
            [d("2026-11-03"), d("2026-11-10"), d("2026-11-17"), d("2026-11-24")]
        );
        assert_eq!(weeks.iter().map(|w| w.active_7).collect::<Vec<_>>(), [1, 0, 0, 1]);
        assert_eq!(first_day_needed(Period { from: d("2026-11-17"), to: d("2026-11-24") }, 4), d("2026-10-28"));
        assert_eq!(first_day_needed(Period { from: d("2026-05-01"), to: d("2026-11-24") }, 4), d("2025-10-05"));
    }

    #[test]
    fn the_median_of_a_histogram_is_the_middle_piece_of_work() {
        assert_eq!(median_hours(&[]), None);
        assert_eq!(median_hours(&[(5, 0)]), None);
        assert_eq!(median_hours(&[(3, 1)]), Some(3));
        assert_eq!(median_hours(&[(48, 1), (2, 2)]), Some(2));
        assert_eq!(median_hours(&[(10, 2), (1, 2)]), Some(1), "the lower middle of four");
        assert_eq!(median_hours(&[(1, 1), (30, 5), (7, 3)]), Some(30));
    }

    #[test]
    fn utilisation_needs_someone_to_carry_it() {
        assert_eq!(utilisation(75, 150), Some(50.0));
        assert_eq!(utilisation(10, 0), None);
    }
}
