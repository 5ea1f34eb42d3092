//! What to do next, and why: each candidate lesson (the next one in the path, a review of a done
//! one, a quiz to retake) is valued by the mastery it is expected to add per minute, from the
//! learner's Bayesian Knowledge Tracing estimates, and by how well it fits the time left in the
//! weekly goal. The baseline it is compared with is "the next lesson in path order".

use crate::domain::bkt::{self, Params};
use serde::{Deserialize, Serialize};

/// A lesson as the recommender sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub lesson_id: i64,
    pub minutes: i32,
    pub skills: Vec<String>,
    pub done: bool,
    /// Position in the path (0 = first lesson), for the baseline and for ties.
    pub order: usize,
    pub is_quiz: bool,
}

/// The learner's estimate for one skill.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillState {
    pub skill: String,
    pub p_known: f64,
    pub answers: i32,
    pub correct: i32,
    pub params: Params,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reason {
    /// The learner's own record on a skill this lesson covers.
    WeakSkill { skill: String, correct: i32, answers: i32 },
    /// Never practised yet.
    NewSkill { skill: String },
    /// It fits the minutes left in the weekly goal.
    FitsGoal { minutes: i32, left: i32 },
    /// The goal for the week is met; this keeps the streak going.
    GoalMet,
    /// It is simply next in the path.
    NextInPath,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Next,
    Review,
    Retake,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub lesson_id: i64,
    pub kind: Kind,
    pub minutes: i32,
    /// Expected gain in mastery (sum over the lesson's skills, 0 to the number of skills).
    pub expected_gain: f64,
    pub reasons: Vec<Reason>,
}

/// Expected mastery gained by one practice opportunity on each skill: BKT's own transition,
/// (1 − p) × learn, so unknown skills with a fast learning rate gain most.
pub fn expected_gain(skills: &[String], states: &[SkillState]) -> f64 {
    skills
        .iter()
        .map(|s| match states.iter().find(|st| &st.skill == s) {
            Some(st) => (1.0 - st.p_known) * st.params.learn,
            None => (1.0 - bkt::DEFAULTS.prior) * bkt::DEFAULTS.learn,
        })
        .sum()
}

/// How well `minutes` fits the time left in the week's goal: 1 when it fits, falling off as it
/// runs over (a 30-minute lesson with 10 minutes left is worth a third as much now).
fn fit(minutes: i32, left: i32) -> f64 {
    if left <= 0 || minutes <= left { 1.0 } else { f64::from(left.max(5)) / f64::from(minutes.max(1)) }
}

/// The best next step by expected gain per minute, weighted by fit; None when nothing is left.
pub fn recommend(candidates: &[Candidate], states: &[SkillState], goal_minutes_left: i32) -> Option<Recommendation> {
    let next = candidates.iter().filter(|c| !c.done).min_by_key(|c| c.order);
    let mut options: Vec<(Kind, &Candidate)> = next.into_iter().map(|c| (Kind::Next, c)).collect();
    for c in candidates.iter().filter(|c| c.done) {
        let weak = c.skills.iter().any(|s| states.iter().any(|st| &st.skill == s && st.answers >= 2 && st.p_known < bkt::NEEDS_WORK));
        if weak {
            options.push((if c.is_quiz { Kind::Retake } else { Kind::Review }, c));
        }
    }
    let value = |c: &Candidate| expected_gain(&c.skills, states) / f64::from(c.minutes.max(1)) * fit(c.minutes, goal_minutes_left);
    let (kind, best) = options.into_iter().max_by(|a, b| {
        value(a.1)
            .total_cmp(&value(b.1))
            .then_with(|| b.1.order.cmp(&a.1.order))
            .then_with(|| (a.0 == Kind::Next).cmp(&(b.0 == Kind::Next)))
    })?;
    let mut reasons = Vec::new();
    for s in &best.skills {
        match states.iter().find(|st| &st.skill == s) {
            Some(st) if st.answers >= 2 && st.p_known < bkt::NEEDS_WORK => {
                reasons.push(Reason::WeakSkill { skill: s.clone(), correct: st.correct, answers: st.answers })
            }
            None if kind == Kind::Next => reasons.push(Reason::NewSkill { skill: s.clone() }),
            _ => {}
        }
    }
    if kind == Kind::Next && reasons.is_empty() {
        reasons.push(Reason::NextInPath);
    }
    reasons.push(if goal_minutes_left > 0 { Reason::FitsGoal { minutes: best.minutes, left: goal_minutes_left } } else { Reason::GoalMet });
    Some(Recommendation {
        lesson_id: best.lesson_id,
        kind,
        minutes: best.minutes,
        expected_gain: expected_gain(&best.skills, states),
        reasons,
    })
}

/// The baseline: the next lesson in path order, whatever the learner's record.
pub fn baseline(candidates: &[Candidate]) -> Option<i64> {
    candidates.iter().filter(|c| !c.done).min_by_key(|c| c.order).map(|c| c.lesson_id)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum InsightKind {
    NeedsWork,
    Suggestion,
    Strength,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Insight {
    pub kind: InsightKind,
    /// Stable for the same finding, so a dismissal sticks: e.g. "needs_work:battery-care".
    pub key: String,
    /// 1 (most urgent) to 3.
    pub priority: u8,
    pub skill: Option<String>,
    pub correct: i32,
    pub answers: i32,
    pub p_known: f64,
    /// For a goal suggestion: minutes a day to meet the weekly goal in the days left.
    pub minutes_a_day: Option<i32>,
}

/// Whether `key` has the shape insight keys have (`kind:detail`), checked before it is stored.
pub fn is_insight_key(key: &str) -> bool {
    let Some((kind, detail)) = key.split_once(':') else { return false };
    matches!(kind, "needs_work" | "strength" | "pace")
        && (1..=60).contains(&detail.len())
        && detail.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Insights from the learner's own record: skills that need work (weakest first), a pace
/// suggestion when the week's goal is behind, and mastered skills; dismissed keys are left out.
pub fn insights(states: &[SkillState], goal_minutes_left: i32, days_left_in_week: i32, dismissed: &[String]) -> Vec<Insight> {
    let mut out = Vec::new();
    let mut weak: Vec<&SkillState> = states.iter().filter(|s| s.answers >= 2 && s.p_known < bkt::NEEDS_WORK).collect();
    weak.sort_by(|a, b| a.p_known.total_cmp(&b.p_known));
    for s in weak.into_iter().take(2) {
        out.push(Insight {
            kind: InsightKind::NeedsWork,
            key: format!("needs_work:{}", s.skill),
            priority: 1,
            skill: Some(s.skill.clone()),
            correct: s.correct,
            answers: s.answers,
            p_known: s.p_known,
            minutes_a_day: None,
        });
    }
    if goal_minutes_left > 0 && days_left_in_week > 0 {
        let per_day = (goal_minutes_left + days_left_in_week - 1) / days_left_in_week;
        out.push(Insight {
            kind: InsightKind::Suggestion,
            key: format!("pace:{per_day}"),
            priority: 2,
            skill: None,
            correct: 0,
            answers: 0,
            p_known: 0.0,
            minutes_a_day: Some(per_day),
        });
    }
    let mut strong: Vec<&SkillState> = states.iter().filter(|s| s.answers >= 2 && s.p_known >= bkt::MASTERED).collect();
    strong.sort_by(|a, b| b.p_known.total_cmp(&a.p_known));
    if let Some(s) = strong.first() {
        out.push(Insight {
            kind: InsightKind::Strength,
            key: format!("strength:{}", s.skill),
            priority: 3,
            skill: Some(s.skill.clone()),
            correct: s.correct,
            answers: s.answers,
            p_known: s.p_known,
            minutes_a_day: None,
        });
    }
    out.retain(|i| !dismissed.contains(&i.key));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(id: i64, order: usize, minutes: i32, skill: &str, done: bool) -> Candidate {
        Candidate { lesson_id: id, minutes, skills: vec![skill.to_owned()], done, order, is_quiz: false }
    }

    fn state(skill: &str, p: f64, correct: i32, answers: i32) -> SkillState {
        SkillState { skill: skill.to_owned(), p_known: p, answers, correct, params: bkt::DEFAULTS }
    }

    #[test]
    fn with_no_weak_skill_the_next_lesson_is_recommended_like_the_baseline() {
        let lessons = [lesson(1, 0, 10, "a", true), lesson(2, 1, 12, "b", false), lesson(3, 2, 10, "c", false)];
        let states = [state("a", 0.9, 4, 4)];
        let r = recommend(&lessons, &states, 60).unwrap();
        assert_eq!((r.lesson_id, r.kind), (2, Kind::Next));
        assert_eq!(Some(r.lesson_id), baseline(&lessons));
        assert!(r.reasons.contains(&Reason::NewSkill { skill: "b".into() }));
        assert!(r.reasons.contains(&Reason::FitsGoal { minutes: 12, left: 60 }));
    }

    #[test]
    fn a_weak_skill_brings_a_short_review_forward_with_its_reasons() {
        let lessons = [lesson(1, 0, 8, "battery-care", true), lesson(2, 1, 30, "wiring", false)];
        let states = [state("battery-care", 0.2, 2, 5), state("wiring", 0.6, 3, 4)];
        let r = recommend(&lessons, &states, 15).unwrap();
        assert_eq!((r.lesson_id, r.kind), (1, Kind::Review));
        assert!(r.reasons.contains(&Reason::WeakSkill { skill: "battery-care".into(), correct: 2, answers: 5 }));
        assert!(r.reasons.contains(&Reason::FitsGoal { minutes: 8, left: 15 }));
        assert_ne!(Some(r.lesson_id), baseline(&lessons), "the model and the baseline disagree here, by design");
    }

    #[test]
    fn everything_done_and_mastered_leaves_nothing_to_recommend() {
        let lessons = [lesson(1, 0, 8, "a", true)];
        assert_eq!(recommend(&lessons, &[state("a", 0.95, 5, 5)], 30), None);
    }

    #[test]
    fn insights_come_from_the_record_and_dismissed_ones_stay_away() {
        let states = [state("a", 0.2, 1, 4), state("b", 0.95, 5, 5), state("c", 0.4, 2, 4), state("d", 0.3, 0, 1)];
        let all = insights(&states, 50, 3, &[]);
        let kinds: Vec<(InsightKind, Option<String>)> = all.iter().map(|i| (i.kind, i.skill.clone())).collect();
        assert_eq!(
            kinds,
            vec![
                (InsightKind::NeedsWork, Some("a".into())),
                (InsightKind::NeedsWork, Some("c".into())),
                (InsightKind::Suggestion, None),
                (InsightKind::Strength, Some("b".into())),
            ],
            "one answer is not enough to judge a skill (d)"
        );
        assert_eq!(all[2].minutes_a_day, Some(17), "50 minutes over 3 days, rounded up");
        let fewer = insights(&states, 50, 3, &["needs_work:a".to_owned()]);
        assert!(fewer.iter().all(|i| i.key != "needs_work:a"));
        assert_eq!(fewer.len(), 3);
        assert!(all.iter().all(|i| is_insight_key(&i.key)));
        assert!(!is_insight_key("needs_work:<b>") && !is_insight_key("other:a") && !is_insight_key("pace"));
    }
}
