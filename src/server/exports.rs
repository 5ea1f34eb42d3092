//! Downloads that are files rather than pages: the audit log as CSV, for operations only, with the
//! same filters as `/ops/audit` (a GET that reads and never writes); a sponsor's learners as CSV,
//! streamed (as are the reports of `server::reports`, through `CsvChunks`); and a person's data as a .zip, for themselves or for operations acting on their
//! request (a POST, because it is audited).

use crate::auth::{CurrentUser, Role};
use crate::domain::audit::{AUDIT_EXPORT_MAX, AuditFilter, csv_safe};
use crate::model::ops::{AuditAction, AuditQuery};
use crate::server::db;
use crate::server::request::Caller;
use crate::server::state::AppState;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The caller, when they may have the file (signed in, and with `role` when one is named). A
/// refusal is only its status: it carries no data (`plain_errors` makes it a page for a browser).
pub(crate) fn permitted(caller: Caller, role: Option<Role>) -> Result<CurrentUser, StatusCode> {
    match caller.0 {
        Ok(Some(user)) if role.is_none_or(|r| user.role == r) => Ok(user),
        Ok(Some(_)) => Err(StatusCode::FORBIDDEN),
        Ok(None) => Err(StatusCode::UNAUTHORIZED),
        Err(_) => Err(StatusCode::SERVICE_UNAVAILABLE),
    }
}

pub async fn audit_csv(State(state): State<AppState>, Extension(caller): Extension<Caller>, Query(query): Query<AuditQuery>) -> Response {
    let me = match permitted(caller, Some(Role::Operations)) {
        Ok(me) => me,
        Err(status) => return status.into_response(),
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

/// CSV written row by row into chunks handed to the response body through a short channel: memory
/// holds a few chunks whatever the row count, and a slow download slows the query instead of
/// filling memory. A failure mid-way aborts the body, so a cut file is never taken for a whole one.
pub(crate) struct CsvChunks {
    out: csv::Writer<Vec<u8>>,
    tx: tokio::sync::mpsc::Sender<Result<axum::body::Bytes, std::io::Error>>,
}

/// The receiver went away: the download was cancelled.
pub(crate) struct Cancelled;

impl CsvChunks {
    const CHUNK_BYTES: usize = 64 * 1024;

    pub(crate) fn start(header: &[&str]) -> (CsvChunks, axum::body::Body) {
        let (tx, mut rx) = tokio::sync::mpsc::channel(4);
        // poll_fn, not unfold: the body may be polled again after its end (compression does),
        // and a closed channel keeps answering "no more".
        let body = axum::body::Body::from_stream(futures::stream::poll_fn(move |cx| rx.poll_recv(cx)));
        let mut out = csv::Writer::from_writer(Vec::with_capacity(Self::CHUNK_BYTES + 1024));
        // Writing into a Vec cannot fail.
        let _ = out.write_record(header);
        (CsvChunks { out, tx }, body)
    }

    pub(crate) async fn write<I: AsRef<[u8]>>(&mut self, record: impl IntoIterator<Item = I>) -> Result<(), Cancelled> {
        let _ = self.out.write_record(record);
        if self.out.get_ref().len() >= Self::CHUNK_BYTES { self.send().await } else { Ok(()) }
    }

    async fn send(&mut self) -> Result<(), Cancelled> {
        let full = std::mem::replace(&mut self.out, csv::Writer::from_writer(Vec::with_capacity(Self::CHUNK_BYTES + 1024)));
        let chunk = full.into_inner().unwrap_or_default();
        self.tx.send(Ok(chunk.into())).await.map_err(|_| Cancelled)
    }

    pub(crate) async fn finish(mut self) {
        let _ = self.send().await;
    }

    pub(crate) async fn fail(self) {
        let _ = self.tx.send(Err(std::io::Error::other("export stopped"))).await;
    }
}

pub(crate) fn csv_headers(name: String) -> [(header::HeaderName, String); 3] {
    [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        (header::CACHE_CONTROL, "no-store".to_owned()),
    ]
}

/// `GET /ops/clients/{id}/learners.csv`: every learner of every cohort the sponsor has, with their
/// progress, last active day, average score and risk, streamed (the learners' report of
/// `server::reports`, for one sponsor's page).
pub async fn client_learners_csv(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(client_id): Path<i64>,
) -> Response {
    let me = match permitted(caller, Some(Role::Operations)) {
        Ok(me) => me,
        Err(status) => return status.into_response(),
    };
    let started = async {
        if !db::clients::exists(&state.pool, client_id).await? {
            return Ok(None);
        }
        crate::server::reports::client_learners(&state.pool, client_id, me.user_id).await.map(Some)
    };
    match started.await {
        Ok(Some((count, body))) => {
            let name = format!("client-{client_id}-learners-{}.csv", chrono::Utc::now().format("%Y%m%d"));
            (csv_headers(name), [(crate::server::reports::ROW_COUNT, count.to_string())], body).into_response()
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "client export");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `POST /account/data.zip`: the signed-in user's own data. POST because the export is recorded in
/// the audit log; a cross-site page cannot trigger it (same-origin writes only).
pub async fn my_data(State(state): State<AppState>, Extension(caller): Extension<Caller>) -> Response {
    match permitted(caller, None) {
        Ok(me) => personal_data(&state, me.user_id, me.user_id).await,
        Err(status) => status.into_response(),
    }
}

/// `POST /ops/accounts/{id}/data.zip`: operations downloads a learner's data on their request.
pub async fn data_of(State(state): State<AppState>, Extension(caller): Extension<Caller>, Path(user_id): Path<i64>) -> Response {
    match permitted(caller, Some(Role::Operations)) {
        Ok(me) => personal_data(&state, me.user_id, user_id).await,
        Err(status) => status.into_response(),
    }
}

async fn personal_data(state: &AppState, actor: i64, user_id: i64) -> Response {
    let data = match db::personal::collect(&state.pool, user_id).await {
        Ok(Some(data)) => data,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "personal data export");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let now = chrono::Utc::now();
    let bytes = match crate::server::personal_data::archive(&data, now) {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, "personal data archive");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let by = if actor == user_id { "self" } else { "operations" };
    let detail = serde_json::json!({ "by": by, "bytes": bytes.len() });
    let recorded = async {
        let mut conn = state.pool.acquire().await?;
        db::audit::record(&mut conn, Some(actor), AuditAction::DataExported, "app_user", Some(user_id), detail).await
    };
    // No record, no download: who took a copy of someone's data must always be known.
    if let Err(err) = recorded.await {
        tracing::error!(error = %err, "recording a personal data export");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let name = format!("attachment; filename=\"ruralrise-data-{user_id}-{}.zip\"", now.format("%Y%m%d"));
    let headers = [
        (header::CONTENT_TYPE, "application/zip".to_owned()),
        (header::CONTENT_DISPOSITION, name),
        (header::CACHE_CONTROL, "no-store".to_owned()),
    ];
    (headers, bytes).into_response()
}
