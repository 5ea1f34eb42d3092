//! A trainer's performance figures, the same for the trainer's own page and operations' page of
//! them: grading turnaround, queue age, cohort outcomes, AI agreement and interventions.

use crate::domain::agreement::{self, Agreement};
use crate::domain::progress;
use crate::model::trainer::{AgreementFigures, CohortOutcome, ItemAgreement, TrainerPerformance};
use crate::server::db::{cohorts, performance};
use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// The window the grading, agreement and intervention figures cover.
pub const SINCE_DAYS: i64 = 90;

/// The figures for `trainer_id` as of `now`; `viewer_name` is left for the caller.
pub async fn of(pool: &PgPool, trainer_id: i64, now: DateTime<Utc>) -> Result<TrainerPerformance, sqlx::Error> {
    let since = now - chrono::Duration::days(SINCE_DAYS);
    let (turnaround, queue, rows, members, agreement_rows, follow) = tokio::try_join!(
        performance::turnaround(pool, trainer_id, since),
        performance::queue_age(pool, trainer_id),
        cohorts::for_trainer(pool, trainer_id),
        cohorts::member_progress(pool, trainer_id),
        performance::agreement_rows(pool, trainer_id, since),
        performance::interventions(pool, trainer_id, since),
    )?;
    let cohorts = rows
        .into_iter()
        .map(|c| {
            let mine: Vec<_> = members.iter().filter(|m| m.cohort_id == c.cohort_id).collect();
            let percents: Vec<u8> = mine.iter().map(|m| progress::percent(m.completed, m.total)).collect();
            CohortOutcome {
                cohort_id: c.cohort_id,
                name: c.name,
                status: c.status,
                learners: mine.len() as i64,
                average_percent: progress::mean_percent(&percents),
                completed: mine.iter().filter(|m| m.total > 0 && m.completed >= m.total).count() as i64,
            }
        })
        .collect();

    let figures = |a: Agreement| AgreementFigures {
        pairs: a.pairs as i64,
        exact_percent: (a.exact * 100.0).round() as u8,
        within_one_percent: (a.within_one * 100.0).round() as u8,
        kappa: a.kappa,
    };
    /// One open item's (AI level, trainer level) pairs, criterion by criterion.
    struct Item {
        id: i64,
        title: String,
        position: i32,
        levels: usize,
        answers: i64,
        pairs: Vec<(usize, usize)>,
    }
    let mut by_item: Vec<Item> = Vec::new();
    for r in agreement_rows {
        let trainer: Vec<usize> = serde_json::from_value(r.trainer).unwrap_or_default();
        if trainer.len() != r.ai.len() {
            continue;
        }
        let pairs = r.ai.iter().zip(&trainer).map(|(&a, &t)| (a.max(0) as usize, t));
        match by_item.last_mut() {
            Some(last) if last.id == r.assessment_item_id => {
                last.answers += 1;
                last.pairs.extend(pairs);
            }
            _ => by_item.push(Item {
                id: r.assessment_item_id,
                title: r.assessment_title,
                position: r.position,
                levels: r.levels.max(0) as usize,
                answers: 1,
                pairs: pairs.collect(),
            }),
        }
    }
    let levels = by_item.iter().map(|i| i.levels).max().unwrap_or(0);
    let all: Vec<(usize, usize)> = by_item.iter().flat_map(|i| i.pairs.iter().copied()).collect();
    let overall = (!all.is_empty()).then(|| figures(agreement::agreement(&all, levels)));
    let items = by_item
        .into_iter()
        .map(|i| ItemAgreement {
            assessment_title: i.title,
            position: i.position,
            answers: i.answers,
            figures: figures(agreement::agreement(&i.pairs, i.levels)),
        })
        .collect();

    Ok(TrainerPerformance {
        viewer_name: String::new(),
        since_days: SINCE_DAYS,
        graded: turnaround.graded,
        median_hours: turnaround.median_hours,
        p90_hours: turnaround.p90_hours,
        pending: queue.pending,
        oldest_days: queue.oldest.map(|t| (now - t).num_days().max(0)),
        median_wait_hours: queue.median_hours,
        cohorts,
        agreement: overall,
        items,
        interventions: follow.recorded,
        interventions_done: follow.done,
        learners_followed: follow.learners,
        recovered: follow.recovered,
        settled: follow.settled,
    })
}
