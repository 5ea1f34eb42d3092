//! Quality and compliance for operations: each metric of `domain::quality` for a client, a path
//! and a period, with the cohorts that ended leaving learners unfinished.

use crate::error::AppError;
use crate::model::ops::{KpiQuery, QualityView};
use leptos::prelude::*;

/// Cohorts the page lists among those that ended with unfinished learners.
pub const ENDED_SHOWN: i64 = 20;

#[server(endpoint = "ops/quality")]
pub async fn get_quality(query: KpiQuery) -> Result<QualityView, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::kpi::{self, Period};
    use crate::domain::progress::share_percent;
    use crate::domain::quality::{self, Count, Direction, GRADING_SLA_HOURS, INACTIVE_DAYS, RUBRIC_MIN_CRITERIA};
    use crate::model::ops::{KpiChoice, QualityFigure, QualityMetric};
    use crate::server::db::{kpi as rollups, quality as store};

    let me = guard::require_role(Role::Operations)?;
    let pool = guard::pool()?;
    let today = chrono::Utc::now().date_naive();
    let (clients, paths) = tokio::try_join!(rollups::clients(&pool), rollups::paths(&pool))?;
    let ids = |list: &[KpiChoice]| list.iter().map(|c| c.id).collect::<Vec<_>>();
    let asked = [query.client.as_deref(), query.path.as_deref(), query.from.as_deref(), query.to.as_deref()];
    let read = kpi::read_filters(asked, &ids(&clients), &ids(&paths), today);
    let name_of = |list: &[KpiChoice], id: i64| list.iter().find(|c| c.id == id).map(|c| c.label.clone());
    let mut view = QualityView {
        viewer_name: me.display_name,
        query,
        problem: None,
        from: today,
        to: today,
        client_name: None,
        path_name: None,
        figures: Vec::new(),
        median_wait_hours: None,
        unfinished_learners: 0,
        inactive_counted_at: None,
        ended: Vec::new(),
        sla_hours: GRADING_SLA_HOURS,
        inactive_days: INACTIVE_DAYS,
        rubric_criteria: RUBRIC_MIN_CRITERIA,
        clients: Vec::new(),
        paths: Vec::new(),
    };
    let filters = match read {
        Ok(f) => f,
        Err((field, problem)) => {
            let period = Period::read(None, None, today).map_err(|_| AppError::Internal)?;
            view.problem = Some((field.to_owned(), problem));
            (view.from, view.to, view.clients, view.paths) = (period.from, period.to, clients, paths);
            return Ok(view);
        }
    };
    let (client, path, period) = (filters.client, filters.path, filters.period);
    let (from, to) = (period.from, period.to);
    let (waits, (feedback, rubric, agreement), overdue, (inactive, inactive_counted_at), (ended, unfinished), ended_list) = tokio::try_join!(
        rollups::turnaround(&pool, (client, path, 0), from, to),
        store::graded(&pool, client, path, period),
        store::overdue(&pool, client, path, GRADING_SLA_HOURS),
        store::inactive(&pool, client, path),
        store::ended(&pool, client, path, from, to),
        store::ended_cohorts(&pool, client, path, from, to, ENDED_SHOWN),
    )?;
    let figure = |metric: QualityMetric, count: Count| {
        let (direction, target) = quality::target(metric);
        QualityFigure {
            metric,
            part: count.part,
            whole: count.whole,
            percent: count.share().map(share_percent),
            at_least: direction == Direction::AtLeast,
            target,
            verdict: quality::verdict(metric, count),
            over_period: quality::over_period(metric),
        }
    };
    view.figures = vec![
        figure(QualityMetric::GradedInTime, quality::graded_in_time(&waits)),
        figure(QualityMetric::FeedbackGiven, feedback),
        figure(QualityMetric::RubricUse, rubric),
        figure(QualityMetric::AiAgreement, agreement),
        figure(QualityMetric::OverdueWork, overdue),
        figure(QualityMetric::EndedUnfinished, ended),
        figure(QualityMetric::Inactive, inactive),
    ];
    view.median_wait_hours = kpi::median_hours(&waits);
    view.unfinished_learners = unfinished;
    view.inactive_counted_at = inactive_counted_at;
    view.ended = ended_list;
    view.client_name = name_of(&clients, client);
    view.path_name = name_of(&paths, path);
    (view.from, view.to, view.clients, view.paths) = (from, to, clients, paths);
    Ok(view)
}
