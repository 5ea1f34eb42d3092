//! `/train/performance`: the trainer's own figures — grading turnaround (median and 90th
//! percentile), the queue's age, progress and completion in their cohorts, how the AI pre-scores
//! agreed with their grades (per open item and overall), and their interventions with how many
//! learners learned again within 14 days.

use crate::error::AppError;
use crate::model::trainer::TrainerPerformance;
use leptos::prelude::*;

/// The window the grading and intervention figures cover.
pub const SINCE_DAYS: i64 = 90;

#[server(endpoint = "trainer/performance")]
pub async fn get_performance() -> Result<TrainerPerformance, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::agreement::{self, Agreement};
    use crate::domain::progress;
    use crate::model::trainer::{AgreementFigures, CohortOutcome, ItemAgreement};
    use crate::server::db::{cohorts, performance};

    let me = guard::require_role(Role::Trainer)?;
    let pool = guard::pool()?;
    let now = chrono::Utc::now();
    let since = now - chrono::Duration::days(SINCE_DAYS);
    let (turnaround, queue, rows, members, agreement_rows, follow) = tokio::try_join!(
        performance::turnaround(&pool, me.user_id, since),
        performance::queue_age(&pool, me.user_id),
        cohorts::for_trainer(&pool, me.user_id),
        cohorts::member_progress(&pool, me.user_id),
        performance::agreement_rows(&pool, me.user_id),
        performance::interventions(&pool, me.user_id, since),
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
        viewer_name: me.display_name,
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
