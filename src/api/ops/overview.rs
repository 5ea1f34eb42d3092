//! The operations dashboard: KPIs for a client, path and period against the period before,
//! twelve-week trends, and breakdowns by client, path and cohort, all read from the rollups.

use crate::error::AppError;
use crate::model::ops::{KpiQuery, KpiView};
use leptos::prelude::*;

/// Cohorts the breakdown lists (those with the most learners at risk).
pub const COHORTS_SHOWN: i64 = 12;

#[server(endpoint = "ops/overview")]
pub async fn get_ops_overview(query: KpiQuery) -> Result<KpiView, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::kpi::{self, Figures, Period, TREND_WEEKS};
    use crate::domain::progress::share_percent;
    use crate::model::ops::{KpiFigure, KpiKind, KpiSegment, KpiWeek};
    use crate::server::db::kpi as store;
    use std::collections::BTreeMap;

    let me = guard::require_role(Role::Operations)?;
    let pool = guard::pool()?;
    let today = chrono::Utc::now().date_naive();
    let (clients, paths) = tokio::try_join!(store::clients(&pool), store::paths(&pool))?;

    let ids = |list: &[crate::model::ops::KpiChoice]| list.iter().map(|c| c.id).collect::<Vec<_>>();
    let asked = [query.client.as_deref(), query.path.as_deref(), query.from.as_deref(), query.to.as_deref()];
    let read = kpi::read_filters(asked, &ids(&clients), &ids(&paths), today).map(|f| (f.client, f.path, f.period));
    let name_of = |list: &[crate::model::ops::KpiChoice], id: i64| list.iter().find(|c| c.id == id).map(|c| c.label.clone());
    let (client, path, period) = match read {
        Ok(read) => read,
        Err((field, problem)) => {
            let period = Period::read(None, None, today).map_err(|_| AppError::Internal)?;
            let previous = period.previous();
            return Ok(KpiView {
                viewer_name: me.display_name,
                query,
                problem: Some((field.to_owned(), problem)),
                clients,
                paths,
                from: period.from,
                to: period.to,
                previous_from: previous.from,
                previous_to: previous.to,
                client_name: None,
                path_name: None,
                figures: Vec::new(),
                weeks: Vec::new(),
                by_client: Vec::new(),
                by_path: Vec::new(),
                cohorts: Vec::new(),
                cohorts_total: 0,
            });
        }
    };
    let previous = period.previous();
    let first = kpi::first_day_needed(period, TREND_WEEKS);
    let main = (client, path, 0);

    let (ranked, cohorts_total, turn_now, turn_before, capacity_before) = tokio::try_join!(
        store::cohorts_at_risk(&pool, client, path, COHORTS_SHOWN),
        store::cohort_count(&pool, client, path),
        store::turnaround(&pool, main, period.from, period.to),
        store::turnaround(&pool, main, previous.from, previous.to),
        store::capacity_on(&pool, previous.to),
    )?;
    let mut segments = vec![main];
    segments.extend(clients.iter().map(|c| (c.id, path, 0)));
    segments.extend(paths.iter().map(|p| (client, p.id, 0)));
    segments.extend(ranked.iter().map(|c| (c.client_org_id, c.learning_path_id, c.cohort_id)));
    let mut conn = pool.acquire().await?;
    let capacity_now = if period.to == today { Some(store::capacity_now(&mut conn).await?) } else { None };
    drop(conn);
    let capacity_then = match capacity_now {
        Some(now) => Some(now),
        None => store::capacity_on(&pool, period.to).await?,
    };
    let mut by_segment: BTreeMap<store::Segment, Vec<kpi::DayRow>> = BTreeMap::new();
    for (segment, row) in store::rows(&pool, &segments, first, period.to).await? {
        by_segment.entry(segment).or_default().push(row);
    }
    let rows_of = |s: store::Segment| by_segment.get(&s).map(Vec::as_slice).unwrap_or(&[]);

    let (now, before) = (Figures::of(rows_of(main), period), Figures::of(rows_of(main), previous));
    let count = |v: i64| Some(v as f64);
    let percent = |share: Option<f64>| share.map(|s| s * 100.0);
    let figure = |kind, now, before| KpiFigure { kind, now, before };
    let utilisation = |c: Option<(i64, i64)>| c.and_then(|(learners, capacity)| kpi::utilisation(learners, capacity));
    let figures = vec![
        figure(KpiKind::Active7, count(now.active_7), count(before.active_7)),
        figure(KpiKind::Active30, count(now.active_30), count(before.active_30)),
        figure(KpiKind::Enrolments, count(now.enrolments), count(before.enrolments)),
        figure(KpiKind::LessonsCompleted, count(now.lessons_completed), count(before.lessons_completed)),
        figure(KpiKind::CompletionRate, percent(now.completion_rate()), percent(before.completion_rate())),
        figure(KpiKind::AverageScore, now.average_score(), before.average_score()),
        figure(KpiKind::PassRate, percent(now.pass_rate()), percent(before.pass_rate())),
        figure(KpiKind::AtRisk, count(now.at_risk), count(before.at_risk)),
        figure(KpiKind::Backlog, count(now.backlog), count(before.backlog)),
        figure(
            KpiKind::MedianTurnaround,
            kpi::median_hours(&turn_now).map(|h| h as f64),
            kpi::median_hours(&turn_before).map(|h| h as f64),
        ),
        figure(KpiKind::Utilisation, utilisation(capacity_then), utilisation(capacity_before)),
    ];
    let weeks = kpi::weekly(rows_of(main), period.to, TREND_WEEKS)
        .into_iter()
        .map(|w| KpiWeek {
            last_day: w.last_day,
            active_7: w.active_7,
            lessons_completed: w.lessons_completed,
            at_risk: w.at_risk,
            backlog: w.backlog,
        })
        .collect();
    let segment = |id: i64, name: String, s: store::Segment| {
        let f = Figures::of(rows_of(s), period);
        KpiSegment {
            id,
            name,
            learners: f.learners,
            active_7: f.active_7,
            lessons_completed: f.lessons_completed,
            completion_percent: f.completion_rate().map(share_percent),
            average_score: f.average_score().map(|s| s.round().clamp(0.0, 100.0) as u8),
            at_risk: f.at_risk,
            backlog: f.backlog,
        }
    };
    let by_client = clients.iter().map(|c| segment(c.id, c.label.clone(), (c.id, path, 0))).collect();
    let by_path = paths.iter().map(|p| segment(p.id, p.label.clone(), (client, p.id, 0))).collect();
    let cohorts = ranked.iter().map(|c| segment(c.cohort_id, c.name.clone(), (c.client_org_id, c.learning_path_id, c.cohort_id))).collect();
    Ok(KpiView {
        viewer_name: me.display_name,
        client_name: name_of(&clients, client),
        path_name: name_of(&paths, path),
        query,
        problem: None,
        from: period.from,
        to: period.to,
        previous_from: previous.from,
        previous_to: previous.to,
        figures,
        weeks,
        by_client,
        by_path,
        cohorts,
        cohorts_total,
        clients,
        paths,
    })
}
