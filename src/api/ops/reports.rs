//! The reports page: what each CSV report covers, and, when a download was refused, what was asked
//! and what to fix (the downloads themselves are file routes: `server::reports`).

use crate::error::AppError;
use crate::model::ops::{ReportQuery, ReportsView};
use leptos::prelude::*;

#[server(endpoint = "ops/reports")]
pub async fn get_reports(report: Option<String>, query: ReportQuery) -> Result<ReportsView, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::kpi::Period;
    use crate::domain::quality::GRADING_SLA_HOURS;
    use crate::model::ops::ReportKind;

    let me = guard::require_role(Role::Operations)?;
    let pool = guard::pool()?;
    let today = chrono::Utc::now().date_naive();
    let clients = crate::server::db::kpi::clients(&pool).await?;
    let ids: Vec<i64> = clients.iter().map(|c| c.id).collect();
    let asked = report.as_deref().and_then(ReportKind::from_slug);
    let problem = asked
        .and_then(|kind| crate::domain::report::read(kind, &query, &ids, today).err())
        .map(|(field, problem)| (field.to_owned(), problem));
    let period = Period::read(None, None, today).map_err(|_| AppError::Internal)?;
    Ok(ReportsView {
        viewer_name: me.display_name,
        clients,
        asked,
        query,
        problem,
        from: period.from,
        to: period.to,
        sla_hours: GRADING_SLA_HOURS,
    })
}
