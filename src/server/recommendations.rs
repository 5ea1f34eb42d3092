//! The learner's next step and insights, from their path, their mastery per skill (with each
//! skill's fitted parameters) and the insights they dismissed; the rules are in
//! `domain/recommend.rs`.

use crate::domain::bkt::{DEFAULTS, Params};
use crate::domain::recommend::{self, Candidate, Insight, SkillState};
use crate::model::learner::{LessonKind, LessonLink, NextStep};
use crate::server::db::{insights, lessons, mastery};
use sqlx::PgPool;
use std::collections::BTreeMap;

/// The learner's mastery as the recommender reads it, each skill with its parameters.
pub fn skill_states(known: Vec<mastery::Mastery>, params: impl Fn(&str) -> Params) -> Vec<SkillState> {
    known
        .into_iter()
        .map(|m| SkillState { params: params(&m.skill), skill: m.skill, p_known: m.p_known, answers: m.answers, correct: m.correct })
        .collect()
}

/// The path's lessons as candidates, in course order.
pub fn candidates(lessons: &[lessons::OutlineRow]) -> Vec<Candidate> {
    lessons
        .iter()
        .enumerate()
        .map(|(order, l)| Candidate {
            lesson_id: l.lesson_id,
            minutes: l.minutes,
            skills: l.skills.clone(),
            done: l.done(),
            order,
            is_quiz: l.kind == LessonKind::Quiz,
        })
        .collect()
}

pub async fn for_learner(
    pool: &PgPool,
    learner_id: i64,
    learning_path_id: i64,
    goal_minutes_left: i32,
    days_left_in_week: i32,
) -> Result<(Option<NextStep>, Vec<Insight>), sqlx::Error> {
    let (lessons, known, dismissed) = tokio::try_join!(
        lessons::outline(pool, learner_id, learning_path_id),
        mastery::for_learner(pool, learner_id),
        insights::dismissed(pool, learner_id),
    )?;
    let skills: Vec<String> = known.iter().map(|m| m.skill.clone()).collect();
    let params: BTreeMap<String, Params> = {
        let mut conn = pool.acquire().await?;
        mastery::params_for(&mut conn, &skills).await?.into_iter().collect()
    };
    let states = skill_states(known, |skill| params.get(skill).copied().unwrap_or(DEFAULTS));
    let candidates = candidates(&lessons);
    let step = recommend::recommend(&candidates, &states, goal_minutes_left).map(|r| {
        let title = |id: i64| lessons.iter().find(|l| l.lesson_id == id).map(|l| l.title.clone()).unwrap_or_default();
        let baseline = recommend::baseline(&candidates).filter(|b| *b != r.lesson_id);
        NextStep {
            lesson_id: r.lesson_id,
            title: title(r.lesson_id),
            minutes: r.minutes,
            kind: r.kind,
            reasons: r.reasons,
            instead_of: baseline.map(|id| LessonLink { lesson_id: id, title: title(id) }),
        }
    });
    Ok((step, recommend::insights(&states, goal_minutes_left, days_left_in_week, &dismissed)))
}
