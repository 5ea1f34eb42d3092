//! Operations' CSV reports (`/ops/reports/{learners,cohorts,grading,risks}.csv`): each request is
//! read by `domain::report` (a refusal goes back to `/ops/reports`, which says what to fix), its
//! rows counted and then streamed from the same snapshot. The count travels in `X-Row-Count`,
//! which `public/reports.js` measures the download's progress against; a million rows never sit
//! in memory (`CsvChunks`).

use crate::auth::Role;
use crate::domain::audit::csv_safe;
use crate::domain::report::{self, Ask};
use crate::domain::{quality, ticket};
use crate::model::ops::{ReportKind, ReportQuery};
use crate::server::db::reports as rows;
use crate::server::exports::{CsvChunks, csv_headers, permitted};
use crate::server::request::Caller;
use crate::server::state::AppState;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderName, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use futures::StreamExt;
use futures::stream::BoxStream;
use sqlx::{PgPool, Postgres, Transaction};

/// The rows a report is about to send, for a progress bar.
pub const ROW_COUNT: HeaderName = HeaderName::from_static("x-row-count");

pub async fn learners_csv(state: State<AppState>, caller: Extension<Caller>, q: Query<ReportQuery>) -> Response {
    serve(state, caller, q, ReportKind::Learners).await
}

pub async fn cohorts_csv(state: State<AppState>, caller: Extension<Caller>, q: Query<ReportQuery>) -> Response {
    serve(state, caller, q, ReportKind::Cohorts).await
}

pub async fn grading_csv(state: State<AppState>, caller: Extension<Caller>, q: Query<ReportQuery>) -> Response {
    serve(state, caller, q, ReportKind::Grading).await
}

pub async fn risks_csv(state: State<AppState>, caller: Extension<Caller>, q: Query<ReportQuery>) -> Response {
    serve(state, caller, q, ReportKind::Risks).await
}

/// Back to the reports page with what was asked, where the problem is shown at its field.
fn refused(kind: ReportKind, q: &ReportQuery) -> Response {
    let mut out = form_urlencoded::Serializer::new(String::new());
    out.append_pair("report", kind.slug());
    for (name, given) in [("client", &q.client), ("from", &q.from), ("to", &q.to), ("status", &q.status)] {
        if let Some(v) = given.as_deref() {
            out.append_pair(name, v);
        }
    }
    Redirect::to(&format!("/ops/reports?{}", out.finish())).into_response()
}

fn failed(err: sqlx::Error, kind: ReportKind) -> Response {
    tracing::error!(error = %err, report = kind.slug(), "report");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

async fn serve(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Query(q): Query<ReportQuery>,
    kind: ReportKind,
) -> Response {
    let me = match permitted(caller, Some(Role::Operations)) {
        Ok(me) => me,
        Err(status) => return status.into_response(),
    };
    let clients = match crate::server::db::kpi::clients(&state.pool).await {
        Ok(list) => list.into_iter().map(|c| c.id).collect::<Vec<_>>(),
        Err(err) => return failed(err, kind),
    };
    let ask = match report::read(kind, &q, &clients, Utc::now().date_naive()) {
        Ok(ask) => ask,
        Err(_) => return refused(kind, &q),
    };
    let name = file_name(kind, &ask);
    match start(&state.pool, kind, ask, me.user_id).await {
        Ok((count, body)) => (csv_headers(name), [(ROW_COUNT, count.to_string())], body).into_response(),
        Err(err) => failed(err, kind),
    }
}

fn file_name(kind: ReportKind, ask: &Ask) -> String {
    let mut name = kind.slug().to_owned();
    if ask.client != 0 {
        name.push_str(&format!("-client-{}", ask.client));
    }
    if let Some(p) = ask.period {
        name.push_str(&format!("-{}-to-{}", p.from, p.to));
    }
    if let Some(s) = ask.status {
        name.push_str(&format!("-{}", s.as_str()));
    }
    format!("{name}-{}.csv", Utc::now().format("%Y%m%d-%H%M"))
}

/// Counts the report's rows, then streams them from the same snapshot in a task of its own.
async fn start(pool: &PgPool, kind: ReportKind, ask: Ask, operator: i64) -> Result<(i64, axum::body::Body), sqlx::Error> {
    let mut tx = pool.begin().await?;
    rows::snapshot(&mut tx).await?;
    // Only the grading report has a period.
    let (from, until) = ask.period.map(crate::domain::kpi::Period::instants).unwrap_or_default();
    let count = match kind {
        ReportKind::Learners => rows::learners_count(&mut tx, ask.client).await?,
        ReportKind::Cohorts => rows::cohorts_count(&mut tx, ask.client).await?,
        ReportKind::Grading => rows::grading_count(&mut tx, ask.client, from, until).await?,
        ReportKind::Risks => rows::tickets_count(&mut tx, ask.status).await?,
    };
    let (sink, body) = CsvChunks::start(header(kind));
    tokio::spawn(async move {
        let written = stream(tx, sink, kind, ask, (from, until)).await;
        match written {
            Some(n) => tracing::info!(operator, report = kind.slug(), client = ask.client, rows = n, "report downloaded"),
            None => tracing::info!(operator, report = kind.slug(), "report not finished"),
        }
    });
    Ok((count, body))
}

/// Each report's columns. The learners' are also `/ops/clients/{id}/learners.csv`'s.
pub fn header(kind: ReportKind) -> &'static [&'static str] {
    match kind {
        ReportKind::Learners => &[
            "learner_id",
            "name",
            "email",
            "cohort",
            "path",
            "joined_on",
            "lessons_completed",
            "lessons_total",
            "path_completed_on",
            "last_active_on",
            "average_score",
            "at_risk",
        ],
        ReportKind::Cohorts => &[
            "cohort_id",
            "cohort",
            "client",
            "path",
            "trainer",
            "status",
            "starts_on",
            "ends_on",
            "members",
            "not_completed",
            "at_risk",
            "waiting_for_grade",
            "average_score",
        ],
        ReportKind::Grading => &[
            "submission_id",
            "submitted_at_utc",
            "graded_at_utc",
            "hours_waited",
            "within_sla",
            "trainer",
            "cohort",
            "client",
            "assessment",
            "score",
            "ai_score",
            "feedback_given",
            "flagged",
        ],
        ReportKind::Risks => &[
            "ticket_id",
            "title",
            "kind",
            "severity",
            "status",
            "client",
            "cohort",
            "owner",
            "opened_at_utc",
            "due_at_utc",
            "started_at_utc",
            "resolved_at_utc",
            "overdue",
            "resolved_in_time",
            "learners",
            "recommended_action",
            "resolution_note",
        ],
    }
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

fn instant(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn text(s: &str) -> String {
    csv_safe(s).into_owned()
}

fn optional<T>(v: Option<T>, f: impl FnOnce(T) -> String) -> String {
    v.map(f).unwrap_or_default()
}

/// Writes the rows; the row count when all were written, none when the download was cancelled or
/// the query failed (the body then ends in an error, so a cut file is not taken for a whole one).
async fn stream(
    mut tx: Transaction<'static, Postgres>,
    mut sink: CsvChunks,
    kind: ReportKind,
    ask: Ask,
    (from, until): (DateTime<Utc>, DateTime<Utc>),
) -> Option<u64> {
    let now = Utc::now();
    let records: BoxStream<'_, Result<Vec<String>, sqlx::Error>> = match kind {
        ReportKind::Learners => rows::learners(&mut tx, ask.client).map(|r| r.map(learner_record)).boxed(),
        ReportKind::Cohorts => rows::cohorts(&mut tx, ask.client)
            .map(|r| {
                r.map(|c| {
                    vec![
                        c.cohort_id.to_string(),
                        text(&c.name),
                        text(&c.client),
                        text(&c.path),
                        optional(c.trainer, |t| text(&t)),
                        c.status,
                        c.starts_on.to_string(),
                        c.ends_on.to_string(),
                        c.members.to_string(),
                        c.unfinished.to_string(),
                        c.at_risk.to_string(),
                        c.waiting.to_string(),
                        optional(c.average_score, |s| format!("{s:.1}")),
                    ]
                })
            })
            .boxed(),
        ReportKind::Grading => rows::grading(&mut tx, ask.client, from, until)
            .map(|r| {
                r.map(|g| {
                    let waited = g.graded_at - g.submitted_at;
                    vec![
                        g.submission_id.to_string(),
                        instant(g.submitted_at),
                        instant(g.graded_at),
                        format!("{:.1}", waited.num_minutes().max(0) as f64 / 60.0),
                        yes(quality::within_sla(waited)),
                        optional(g.trainer, |t| text(&t)),
                        optional(g.cohort, |c| text(&c)),
                        optional(g.client, |c| text(&c)),
                        text(&g.assessment),
                        optional(g.score, |s| s.to_string()),
                        optional(g.ai_score, |s| s.to_string()),
                        yes(g.feedback_given),
                        yes(g.flagged),
                    ]
                })
            })
            .boxed(),
        ReportKind::Risks => rows::tickets(&mut tx, ask.status)
            .map(move |r| {
                r.map(|t| {
                    vec![
                        t.ticket_id.to_string(),
                        text(&t.title),
                        t.kind.as_str().to_owned(),
                        t.severity.as_str().to_owned(),
                        t.status.as_str().to_owned(),
                        optional(t.client, |c| text(&c)),
                        optional(t.cohort, |c| text(&c)),
                        optional(t.owner, |o| text(&o)),
                        instant(t.opened_at),
                        instant(t.due_at),
                        optional(t.started_at, instant),
                        optional(t.resolved_at, instant),
                        yes(ticket::overdue(t.status, t.due_at, now)),
                        optional(t.resolved_at, |at| yes(at <= t.due_at)),
                        t.learners.to_string(),
                        text(&t.action),
                        optional(t.note, |n| text(&n)),
                    ]
                })
            })
            .boxed(),
    };
    let pumped = pump(records, &mut sink).await;
    match pumped {
        Pumped::All(n) => {
            sink.finish().await;
            Some(n)
        }
        Pumped::Cancelled => None,
        Pumped::Failed(err) => {
            tracing::error!(error = %err, report = kind.slug(), "report stopped");
            sink.fail().await;
            None
        }
    }
}

enum Pumped {
    All(u64),
    Cancelled,
    Failed(sqlx::Error),
}

async fn pump(mut records: BoxStream<'_, Result<Vec<String>, sqlx::Error>>, sink: &mut CsvChunks) -> Pumped {
    let mut n = 0;
    while let Some(record) = records.next().await {
        match record {
            Ok(record) => {
                if sink.write(record).await.is_err() {
                    return Pumped::Cancelled;
                }
                n += 1;
            }
            Err(err) => return Pumped::Failed(err),
        }
    }
    Pumped::All(n)
}

fn learner_record(line: rows::LearnerLine) -> Vec<String> {
    let day = |d: Option<chrono::NaiveDate>| optional(d, |d| d.to_string());
    vec![
        line.learner_id.to_string(),
        text(&line.name),
        text(&line.email),
        text(&line.cohort),
        text(&line.path),
        line.joined_at.date_naive().to_string(),
        line.lessons_completed.to_string(),
        line.lessons_total.to_string(),
        day(line.path_completed_at.map(|t| t.date_naive())),
        day(line.last_active),
        optional(line.average_score, |s| format!("{s:.1}")),
        yes(line.at_risk),
    ]
}

/// `/ops/clients/{id}/learners.csv`: the learners' report of one sponsor (a sponsor's page links
/// it; an unknown sponsor is a 404 there, not a form to fix).
pub async fn client_learners(pool: &PgPool, client: i64, operator: i64) -> Result<(i64, axum::body::Body), sqlx::Error> {
    start(pool, ReportKind::Learners, Ask { client, period: None, status: None }, operator).await
}
