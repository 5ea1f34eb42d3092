//! Downloads that are files rather than pages: the audit log as CSV, for operations only, with the
//! same filters as `/ops/audit`. A GET that reads and never writes.

use crate::auth::Role;
use crate::domain::audit::{AUDIT_EXPORT_MAX, AuditFilter, csv_safe};
use crate::model::ops::{AuditAction, AuditQuery};
use crate::server::db;
use crate::server::request::Caller;
use crate::server::state::AppState;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

pub async fn audit_csv(State(state): State<AppState>, Extension(caller): Extension<Caller>, Query(query): Query<AuditQuery>) -> Response {
    // Refusals carry no data, only the status.
    let me = match caller.0 {
        Ok(Some(user)) if user.role == Role::Operations => user,
        Ok(Some(_)) => return StatusCode::FORBIDDEN.into_response(),
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let filter = AuditFilter::read(&query, |a| a.parse::<AuditAction>().is_ok());
    let entries = match db::audit::list(&state.pool, &filter, AUDIT_EXPORT_MAX).await {
        Ok(entries) => entries,
        Err(err) => {
            tracing::error!(error = %err, "audit export");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    tracing::info!(operator = me.user_id, rows = entries.len(), "audit log exported");
    match to_csv(&entries) {
        Ok(body) => {
            let name = format!("attachment; filename=\"audit-{}.csv\"", chrono::Utc::now().format("%Y%m%d-%H%M"));
            ([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, name)], body).into_response()
        }
        Err(err) => {
            tracing::error!(error = %err, "audit export");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn to_csv(entries: &[crate::model::ops::AuditEntry]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["id", "at_utc", "actor", "action", "target_kind", "target_id", "detail"])?;
    for e in entries {
        let at = e.at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let target_id = e.target_id.map(|t| t.to_string()).unwrap_or_default();
        out.write_record([
            e.id.to_string().as_str(),
            &at,
            &csv_safe(e.actor.as_deref().unwrap_or("")),
            e.action.as_str(),
            &csv_safe(&e.target_kind),
            &target_id,
            &csv_safe(&e.detail),
        ])?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}
