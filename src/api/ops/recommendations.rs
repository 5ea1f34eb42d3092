//! Operations' recommendations, each with its numbers: trainers each sponsor needs a month ahead
//! (`domain::capacity`'s trend beside the naive forecast, both back-tested), running cohorts to
//! merge or split, and trainers over capacity.

use crate::error::AppError;
use crate::model::ops::RecommendationsView;
use leptos::prelude::*;

/// Cohorts the page lists to merge or split, and trainers over capacity (the rest are counted).
pub const SHAPES_SHOWN: usize = 30;
pub const OVERLOADED_SHOWN: i64 = 30;

#[server(endpoint = "ops/recommendations")]
pub async fn get_recommendations() -> Result<RecommendationsView, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::capacity::{self, CohortSize, HISTORY_WEEKS, HORIZON_WEEKS, LEARNERS_PER_TRAINER, MERGE_BELOW, SPLIT_ABOVE, Shape};
    use crate::model::ops::{Backtest, CohortAdvice, ShapeRow, StaffingRow};
    use crate::server::db::{capacity as store, kpi};
    use std::collections::HashMap;

    let me = guard::require_role(Role::Operations)?;
    let pool = guard::pool()?;
    let today = chrono::Utc::now().date_naive();
    let (clients, changes, cohorts, serving, (overloaded, overloaded_total)) = tokio::try_join!(
        kpi::clients(&pool),
        store::membership_changes(&pool),
        store::running_cohorts(&pool),
        store::serving(&pool),
        store::overloaded(&pool, OVERLOADED_SHOWN),
    )?;

    // Weekly levels over the history and the horizon before it (for the back-test), oldest first.
    let weeks = HISTORY_WEEKS + HORIZON_WEEKS;
    let week_ends: Vec<_> = (0..weeks).rev().map(|w| today - chrono::Days::new(7 * w as u64)).collect();
    let mut by_client: HashMap<i64, Vec<(chrono::NaiveDate, i64)>> = HashMap::new();
    for (client, day, change) in changes {
        by_client.entry(client).or_default().push((day, change));
    }
    let serving: HashMap<i64, i64> = serving.into_iter().collect();
    let mut staffing = Vec::new();
    let (mut tested, mut trend_error, mut naive_error) = (0, 0.0, 0.0);
    for client in &clients {
        let weekly = capacity::levels(by_client.get(&client.id).map(Vec::as_slice).unwrap_or(&[]), &week_ends);
        if let Some((trend, naive)) = capacity::backtest(&weekly, HISTORY_WEEKS, HORIZON_WEEKS) {
            tested += 1;
            trend_error += trend;
            naive_error += naive;
        }
        let Some(f) = capacity::forecast(&weekly[weeks - HISTORY_WEEKS..], HORIZON_WEEKS) else { continue };
        if f.now == 0 && f.trend < 1.0 {
            continue;
        }
        // Planned on the whole learners shown, so the page's numbers agree with each other.
        let trend = f.trend.round();
        staffing.push(StaffingRow {
            client_id: client.id,
            client_name: client.label.clone(),
            learners_now: f.now,
            per_week: f.slope,
            trend: trend as i64,
            naive: f.naive.round() as i64,
            needed: capacity::trainers_needed(trend, LEARNERS_PER_TRAINER),
            serving: serving.get(&client.id).copied().unwrap_or(0),
        });
    }
    // The sponsors needing the most trainers they do not have first.
    staffing.sort_by_key(|s| (std::cmp::Reverse(s.needed - s.serving), s.client_name.clone()));
    let backtest = (tested > 0).then(|| Backtest {
        sponsors: tested,
        trend_error: trend_error / tested as f64,
        naive_error: naive_error / tested as f64,
    });

    let sized: Vec<CohortSize> =
        cohorts.iter().map(|c| CohortSize { cohort: c.cohort_id, client: c.client_id, path: c.path_id, members: c.members }).collect();
    let by_id: HashMap<i64, &store::RunningCohort> = cohorts.iter().map(|c| (c.cohort_id, c)).collect();
    let row = |c: &store::RunningCohort, advice| ShapeRow {
        cohort_id: c.cohort_id,
        name: c.name.clone(),
        client_name: c.client_name.clone(),
        path_name: c.path_name.clone(),
        trainer_name: c.trainer_name.clone(),
        members: c.members,
        advice,
    };
    let mut splits: Vec<ShapeRow> =
        cohorts.iter().filter(|c| capacity::shape(c.members) == Shape::Split).map(|c| row(c, CohortAdvice::Split)).collect();
    splits.sort_by_key(|r| (std::cmp::Reverse(r.members), r.cohort_id));
    let merges = capacity::merges(&sized).into_iter().filter_map(|(small, partner)| {
        let (small, partner) = (by_id.get(&small.cohort)?, by_id.get(&partner.cohort)?);
        Some(row(small, CohortAdvice::Merge { with_id: partner.cohort_id, with_name: partner.name.clone(), with_members: partner.members }))
    });
    let mut shapes: Vec<ShapeRow> = splits.into_iter().chain(merges).collect();
    let shapes_total = shapes.len() as i64;
    shapes.truncate(SHAPES_SHOWN);

    Ok(RecommendationsView {
        viewer_name: me.display_name,
        per_trainer: LEARNERS_PER_TRAINER,
        history_weeks: HISTORY_WEEKS as i64,
        horizon_weeks: HORIZON_WEEKS as i64,
        merge_below: MERGE_BELOW,
        split_above: SPLIT_ABOVE,
        staffing,
        backtest,
        shapes,
        shapes_total,
        overloaded,
        overloaded_total,
    })
}
