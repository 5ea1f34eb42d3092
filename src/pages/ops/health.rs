//! `/ops/health`: whether the database answers and how fast, the pool, migrations, the work
//! waiting in background queues, this process (uptime, version), what happened to the database
//! since it started, and the busiest routes.

use crate::api::ops::health::get_system_health;
use crate::auth::Role;
use crate::i18n::td_string;
use crate::model::ops::{DbEvent, DbEventKind, SystemHealth};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::components::table::TableFrame;
use crate::ui::components::tile::Tile;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;

#[component]
pub fn HealthPage() -> impl IntoView {
    data_page(get_system_health(), |h| view! { <Health h/> })
}

#[component]
fn Health(h: SystemHealth) -> impl IntoView {
    let l = use_locale();
    let database = if h.database_up { td_string!(l, health.up).to_string() } else { td_string!(l, health.down).to_string() };
    let database_detail = match h.database_ms {
        Some(ms) => td_string!(l, health.answered_in, ms = format!("{ms:.1}")).to_string(),
        None => td_string!(l, health.no_answer).to_string(),
    };
    let kind = if h.embedded_database { td_string!(l, health.embedded).to_string() } else { td_string!(l, health.external).to_string() };
    let migrations = match h.migration_applied {
        Some(v) if v == h.migration_expected => td_string!(l, health.migrations_current).to_string(),
        Some(v) if v > h.migration_expected => td_string!(l, health.migrations_newer).to_string(),
        _ => td_string!(l, health.migrations_behind).to_string(),
    };
    let uptime = duration(l, h.uptime_secs);
    let events = if h.events.is_empty() {
        view! { <p class="empty" id="db-events-empty">{td_string!(l, health.no_events)}</p> }.into_any()
    } else {
        view! {
            <TableFrame label=td_string!(l, health.events).to_string()>
                <table id="db-events">
                    <thead><tr>
                        <th scope="col">{td_string!(l, health.col_when)}</th>
                        <th scope="col">{td_string!(l, health.col_what)}</th>
                    </tr></thead>
                    <tbody>
                        {h.events.into_iter().map(|e| view! {
                            <tr>
                                <td class="nowrap" translate="no">{text::utc(e.at)}</td>
                                <td>{event(l, &e)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </TableFrame>
        }
        .into_any()
    };
    let routes = if h.routes.is_empty() {
        view! { <p class="empty">{td_string!(l, health.no_routes)}</p> }.into_any()
    } else {
        view! {
            <TableFrame label=td_string!(l, health.routes).to_string()>
                <table id="routes">
                    <thead><tr>
                        <th scope="col">{td_string!(l, health.col_route)}</th>
                        <th scope="col" class="num">{td_string!(l, health.col_requests)}</th>
                        <th scope="col" class="num">{td_string!(l, health.col_errors)}</th>
                        <th scope="col" class="num">{td_string!(l, health.col_mean)}</th>
                    </tr></thead>
                    <tbody>
                        {h.routes.into_iter().map(|r| view! {
                            <tr>
                                <th scope="row" translate="no"><code>{r.route}</code></th>
                                <td class="num">{text::number(l, r.requests as i64)}</td>
                                <td class="num">{text::number(l, r.errors as i64)}</td>
                                <td class="num">{format!("{:.1}", r.mean_ms)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </TableFrame>
        }
        .into_any()
    };
    view! {
        <AppLayout title=td_string!(l, health.title).to_string() user=(Role::Operations, h.viewer_name)>
            <h1>{td_string!(l, health.heading)}</h1>
            <div class="tiles">
                <Tile id="health-database" label=td_string!(l, health.database).to_string() value=database
                    detail=format!("{database_detail} · {kind}")/>
                <Tile id="health-pool" label=td_string!(l, health.pool).to_string()
                    value=td_string!(l, health.pool_value, size = h.pool_size, max = h.pool_max).to_string()
                    detail=td_string!(l, health.pool_idle, count = h.pool_idle).to_string()/>
                <Tile id="health-migrations" label=td_string!(l, health.migrations).to_string() value=migrations
                    detail=td_string!(l, health.migration_detail, applied = h.migration_applied.map(|v| v.to_string()).unwrap_or_else(|| "–".into()),
                        expected = h.migration_expected).to_string()/>
                <Tile id="health-uptime" label=td_string!(l, health.uptime).to_string() value=uptime
                    detail=td_string!(l, health.since, at = text::utc(h.started_at)).to_string()/>
                <Tile id="health-version" label=td_string!(l, health.version).to_string() value=h.version/>
            </div>
            <section class="panel">
                <h2>{td_string!(l, health.queues)}</h2>
                <TableFrame label=td_string!(l, health.queues).to_string()>
                    <table id="queues">
                        <thead><tr>
                            <th scope="col">{td_string!(l, health.col_queue)}</th>
                            <th scope="col" class="num">{td_string!(l, health.col_waiting)}</th>
                        </tr></thead>
                        <tbody>
                            <tr id="queue-grading"><th scope="row">{td_string!(l, health.queue_grading)}</th>
                                <td class="num">{text::number(l, h.pending_grading)}</td></tr>
                            <tr id="queue-prescoring"><th scope="row">{td_string!(l, health.queue_prescoring)}</th>
                                <td class="num">{text::number(l, h.pending_prescoring)}</td></tr>
                            <tr id="queue-risk"><th scope="row">{td_string!(l, health.queue_risk)}</th>
                                <td class="num">{text::number(l, h.risk_due)}</td></tr>
                        </tbody>
                    </table>
                </TableFrame>
            </section>
            <section class="panel">
                <h2>{td_string!(l, health.events)}</h2>
                <p>{td_string!(l, health.events_summary, outages = h.outages, restarts = h.restarts)}</p>
                {events}
            </section>
            <section class="panel">
                <h2>{td_string!(l, health.routes)}</h2>
                {routes}
                <p class="hint">{td_string!(l, health.probes)}</p>
            </section>
        </AppLayout>
    }
}

fn event(l: crate::i18n::Locale, e: &DbEvent) -> String {
    match e.kind {
        DbEventKind::Lost => td_string!(l, health.event_lost).to_string(),
        DbEventKind::Back { down_ms } => td_string!(l, health.event_back, seconds = format!("{:.1}", down_ms as f64 / 1000.0)).to_string(),
        DbEventKind::ClusterRestarted => td_string!(l, health.event_restarted).to_string(),
        DbEventKind::RestartFailed => td_string!(l, health.event_restart_failed).to_string(),
    }
}

/// "3 days 4 h", "2 h 5 min", "40 s": the two largest units are enough to read an uptime.
fn duration(l: crate::i18n::Locale, secs: u64) -> String {
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    if d > 0 {
        td_string!(l, health.days_hours, days = d, hours = h).to_string()
    } else if h > 0 {
        td_string!(l, health.hours_minutes, hours = h, minutes = m).to_string()
    } else if m > 0 {
        td_string!(l, health.minutes_seconds, minutes = m, seconds = secs % 60).to_string()
    } else {
        td_string!(l, health.seconds, seconds = secs).to_string()
    }
}
