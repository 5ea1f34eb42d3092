//! The achievements engine's rules: what each achievement's stored criterion asks for, whether a
//! learner's facts meet it, and how far they are from it. The server evaluates these in the same
//! transaction as the event that can earn them (`server/db/achievements.rs`).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What earns an achievement, as stored in `achievement.criteria`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Criterion {
    LessonsCompleted {
        count: u32,
    },
    ModulesCompleted {
        count: u32,
    },
    /// Learning on this many days in a row (in the learner's time zone).
    StreakDays {
        days: u32,
    },
    /// Lessons completed that had been downloaded for offline use.
    OfflineLessons {
        count: u32,
    },
    /// A scored assessment at or above this percent.
    BestScore {
        at_least: u32,
    },
    /// The weekly goal met this many weeks running.
    GoalWeeksRunning {
        weeks: u32,
    },
}

/// What the engine knows about a learner at the moment of an event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub lessons_completed: u32,
    pub modules_completed: u32,
    pub streak_days: u32,
    pub offline_lessons: u32,
    /// Best assessment score in percent, if any was scored.
    pub best_score: Option<u32>,
    pub goal_weeks_running: u32,
}

/// How far a learner is toward a criterion: `current` of `target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Toward {
    pub current: u32,
    pub target: u32,
}

impl Toward {
    pub fn met(&self) -> bool {
        self.current >= self.target
    }
}

impl Criterion {
    pub fn toward(&self, f: &Facts) -> Toward {
        let (current, target) = match *self {
            Criterion::LessonsCompleted { count } => (f.lessons_completed, count),
            Criterion::ModulesCompleted { count } => (f.modules_completed, count),
            Criterion::StreakDays { days } => (f.streak_days, days),
            Criterion::OfflineLessons { count } => (f.offline_lessons, count),
            Criterion::BestScore { at_least } => (f.best_score.unwrap_or(0), at_least),
            Criterion::GoalWeeksRunning { weeks } => (f.goal_weeks_running, weeks),
        };
        // A criterion asking for nothing is met at once rather than never.
        Toward { current: current.min(target), target }
    }
}

/// Local Monday-start weeks in a row, ending with the current week (or the one before, while the
/// current week is still under way and not yet met), whose minutes reached the goal. A goal of
/// zero minutes is not a goal: nothing is counted.
pub fn goal_weeks_running(minutes_by_day: &BTreeMap<NaiveDate, i64>, goal_minutes: i32, today: NaiveDate) -> u32 {
    if goal_minutes <= 0 {
        return 0;
    }
    let week_total = |monday: NaiveDate| -> i64 {
        (0..7).filter_map(|d| monday.checked_add_days(Days::new(d))).filter_map(|day| minutes_by_day.get(&day)).sum()
    };
    let mut monday = crate::domain::calendar::week_start(today);
    if week_total(monday) < i64::from(goal_minutes) {
        monday = match monday.checked_sub_days(Days::new(7)) {
            Some(m) => m,
            None => return 0,
        };
    }
    let mut weeks = 0;
    while week_total(monday) >= i64::from(goal_minutes) {
        weeks += 1;
        match monday.checked_sub_days(Days::new(7)) {
            Some(m) => monday = m,
            None => break,
        }
    }
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn criteria_read_from_their_stored_form() {
        let c: Criterion = serde_json::from_str(r#"{"kind": "streak_days", "days": 5}"#).unwrap();
        assert_eq!(c, Criterion::StreakDays { days: 5 });
        let c: Criterion = serde_json::from_str(r#"{"kind": "best_score", "at_least": 100}"#).unwrap();
        assert_eq!(c, Criterion::BestScore { at_least: 100 });
        assert!(serde_json::from_str::<Criterion>(r#"{"kind": "be_lucky"}"#).is_err());
        assert_eq!(serde_json::to_value(Criterion::LessonsCompleted { count: 1 }).unwrap()["kind"], "lessons_completed");
    }

    #[test]
    fn progress_toward_each_criterion() {
        let facts = Facts { lessons_completed: 3, streak_days: 4, best_score: Some(80), ..Facts::default() };
        assert_eq!(Criterion::LessonsCompleted { count: 1 }.toward(&facts), Toward { current: 1, target: 1 });
        assert!(Criterion::LessonsCompleted { count: 1 }.toward(&facts).met());
        assert_eq!(Criterion::StreakDays { days: 5 }.toward(&facts), Toward { current: 4, target: 5 });
        assert!(!Criterion::StreakDays { days: 5 }.toward(&facts).met());
        assert!(!Criterion::BestScore { at_least: 100 }.toward(&facts).met());
        assert!(Criterion::BestScore { at_least: 80 }.toward(&facts).met());
        assert!(!Criterion::BestScore { at_least: 1 }.toward(&Facts::default()).met(), "no score is not a score");
        assert!(!Criterion::ModulesCompleted { count: 1 }.toward(&facts).met());
        assert!(Criterion::OfflineLessons { count: 0 }.toward(&Facts::default()).met());
    }

    #[test]
    fn goal_weeks_count_back_from_this_week_or_last() {
        // Monday 2026-11-02, 09, 16 and this week starting 23 (today is Wednesday the 25th).
        let today = d("2026-11-25");
        let mut days = BTreeMap::new();
        days.insert(d("2026-11-03"), 60);
        days.insert(d("2026-11-05"), 70);
        days.insert(d("2026-11-10"), 130);
        days.insert(d("2026-11-17"), 100);
        days.insert(d("2026-11-22"), 30); // Sunday: still the week of the 16th
        days.insert(d("2026-11-23"), 20);
        // This week (20 min) is under way: three weeks before it all reached 120.
        assert_eq!(goal_weeks_running(&days, 120, today), 3);
        // Meeting it this week extends the run.
        days.insert(d("2026-11-24"), 100);
        assert_eq!(goal_weeks_running(&days, 120, today), 4);
        // A gap breaks it.
        days.remove(&d("2026-11-10"));
        assert_eq!(goal_weeks_running(&days, 120, today), 2);
        assert_eq!(goal_weeks_running(&days, 0, today), 0, "no goal, nothing to meet");
        assert_eq!(goal_weeks_running(&BTreeMap::new(), 60, today), 0);
    }
}
