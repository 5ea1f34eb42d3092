//! `/ops`: the KPI dashboard. A plain GET form filters by client, path and dates (so a view is a
//! bookmarkable address and works without JS); each figure shows its change against the period
//! before and its definition; trends and breakdowns come with their tables.

use super::filters;
use crate::api::ops::overview::get_ops_overview;
use crate::auth::Role;
use crate::i18n::{Locale, td_string};
use crate::model::ops::{KpiFigure, KpiKind, KpiQuery, KpiSegment, KpiView};
use crate::server::request::query_param;
use crate::ui::components::chart::{self, Chart, ChartScripts};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;

#[component]
pub fn OpsOverviewPage() -> impl IntoView {
    let q = query_param;
    let query = KpiQuery { client: q("client"), path: q("path"), from: q("from"), to: q("to") };
    data_page(get_ops_overview(query), |v| view! { <Dashboard v/> })
}

fn label(l: Locale, kind: KpiKind) -> String {
    match kind {
        KpiKind::Active7 => td_string!(l, ops.active_7d),
        KpiKind::Active30 => td_string!(l, kpi.active_30d),
        KpiKind::Enrolments => td_string!(l, kpi.enrolments),
        KpiKind::LessonsCompleted => td_string!(l, ops.col_completed),
        KpiKind::CompletionRate => td_string!(l, kpi.completion_rate),
        KpiKind::AverageScore => td_string!(l, ops.average_score),
        KpiKind::PassRate => td_string!(l, kpi.pass_rate),
        KpiKind::AtRisk => td_string!(l, kpi.at_risk),
        KpiKind::Backlog => td_string!(l, kpi.backlog),
        KpiKind::MedianTurnaround => td_string!(l, kpi.turnaround),
        KpiKind::Utilisation => td_string!(l, kpi.utilisation),
    }
    .to_string()
}

/// Each figure's definition, shown under it (the rules live in `domain::kpi`).
fn definition(l: Locale, kind: KpiKind) -> String {
    match kind {
        KpiKind::Active7 => td_string!(l, kpi.def_active_7),
        KpiKind::Active30 => td_string!(l, kpi.def_active_30),
        KpiKind::Enrolments => td_string!(l, kpi.def_enrolments),
        KpiKind::LessonsCompleted => td_string!(l, kpi.def_lessons),
        KpiKind::CompletionRate => td_string!(l, kpi.def_completion),
        KpiKind::AverageScore => td_string!(l, kpi.def_score),
        KpiKind::PassRate => td_string!(l, kpi.def_pass),
        KpiKind::AtRisk => td_string!(l, kpi.def_at_risk),
        KpiKind::Backlog => td_string!(l, kpi.def_backlog),
        KpiKind::MedianTurnaround => td_string!(l, kpi.def_turnaround),
        KpiKind::Utilisation => td_string!(l, kpi.def_utilisation),
    }
    .to_string()
}

fn value(l: Locale, kind: KpiKind, v: f64) -> String {
    let whole = v.round() as i64;
    match kind {
        _ if kind.is_percent() => text::percent(l, whole.clamp(0, 255) as u8),
        KpiKind::MedianTurnaround => td_string!(l, kpi.hours, count = whole).to_string(),
        _ => text::number(l, whole),
    }
}

/// "Up 12 from 140", with a class saying whether that is good news.
fn change(l: Locale, f: &KpiFigure) -> (String, &'static str) {
    let (Some(now), Some(before)) = (f.now, f.before) else {
        return (td_string!(l, kpi.no_before).to_string(), "change");
    };
    let before_text = value(l, f.kind, before);
    let delta = (now.round() - before.round()) as i64;
    let delta_text =
        if f.kind.is_percent() { td_string!(l, kpi.points, count = delta.abs()).to_string() } else { value(l, f.kind, delta.abs() as f64) };
    let good = (delta > 0) == f.kind.higher_is_better();
    match delta {
        0 => (td_string!(l, kpi.same, before = before_text).to_string(), "change"),
        d if d > 0 => {
            (td_string!(l, kpi.up, delta = delta_text, before = before_text).to_string(), if good { "change good" } else { "change bad" })
        }
        _ => {
            (td_string!(l, kpi.down, delta = delta_text, before = before_text).to_string(), if good { "change good" } else { "change bad" })
        }
    }
}

fn kind_id(kind: KpiKind) -> &'static str {
    match kind {
        KpiKind::Active7 => "kpi-active",
        KpiKind::Active30 => "kpi-active-30",
        KpiKind::Enrolments => "kpi-enrolments",
        KpiKind::LessonsCompleted => "kpi-lessons",
        KpiKind::CompletionRate => "kpi-completion",
        KpiKind::AverageScore => "kpi-score",
        KpiKind::PassRate => "kpi-pass",
        KpiKind::AtRisk => "kpi-at-risk",
        KpiKind::Backlog => "kpi-backlog",
        KpiKind::MedianTurnaround => "kpi-turnaround",
        KpiKind::Utilisation => "kpi-utilisation",
    }
}

#[component]
fn Figure(f: KpiFigure) -> impl IntoView {
    let l = use_locale();
    let shown = f.now.map(|v| value(l, f.kind, v)).unwrap_or_else(|| td_string!(l, kpi.none).to_string());
    let (change_text, class) = change(l, &f);
    view! {
        <section class="tile" id=kind_id(f.kind)>
            <h3>{label(l, f.kind)}</h3>
            <p class="value">{shown}</p>
            <p class=class>{change_text}</p>
            <p class="detail">{definition(l, f.kind)}</p>
        </section>
    }
}

fn optional_percent(l: Locale, p: Option<u8>) -> String {
    p.map(|p| text::percent(l, p)).unwrap_or_else(|| td_string!(l, kpi.none).to_string())
}

/// The same view narrowed to one client or path: the other filters are kept.
fn narrowed(q: &KpiQuery, param: &str, id: i64) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (name, given) in [("client", &q.client), ("path", &q.path), ("from", &q.from), ("to", &q.to)] {
        if name == param {
            out.append_pair(name, &id.to_string());
        } else if let Some(v) = given.as_deref().filter(|v| !v.trim().is_empty()) {
            out.append_pair(name, v);
        }
    }
    format!("/ops?{}", out.finish())
}

/// A breakdown table: clients, paths or cohorts, with the same columns; `link` narrows the view
/// to a row.
fn breakdown(
    l: Locale,
    id: &'static str,
    caption: String,
    first_column: String,
    rows: Vec<KpiSegment>,
    link: Option<(&'static str, KpiQuery)>,
) -> impl IntoView + use<> {
    view! {
        <TableFrame label=caption.clone()>
            <table id=id>
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">{first_column}</th>
                    <th scope="col" class="num">{td_string!(l, kpi.col_learners)}</th>
                    <th scope="col" class="num">{td_string!(l, ops.col_active)}</th>
                    <th scope="col" class="num">{td_string!(l, ops.col_completed)}</th>
                    <th scope="col" class="num">{td_string!(l, kpi.completion_rate)}</th>
                    <th scope="col" class="num">{td_string!(l, ops.average_score)}</th>
                    <th scope="col" class="num">{td_string!(l, kpi.col_at_risk)}</th>
                    <th scope="col" class="num">{td_string!(l, kpi.col_backlog)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|s| {
                        let name = match link {
                            Some((param, ref q)) => view! { <a class="row-link" href=narrowed(q, param, s.id) translate="no">{s.name}</a> }.into_any(),
                            None => view! { <span translate="no">{s.name}</span> }.into_any(),
                        };
                        view! {
                            <tr>
                                <th scope="row">{name}</th>
                                <td class="num">{text::number(l, s.learners)}</td>
                                <td class="num">{text::number(l, s.active_7)}</td>
                                <td class="num">{text::number(l, s.lessons_completed)}</td>
                                <td class="num">{optional_percent(l, s.completion_percent)}</td>
                                <td class="num">{s.average_score.map(|a| text::number(l, a.into())).unwrap_or_else(|| td_string!(l, kpi.none).to_string())}</td>
                                <td class="num">{text::number(l, s.at_risk)}</td>
                                <td class="num">{text::number(l, s.backlog)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </TableFrame>
    }
}

#[component]
fn Dashboard(v: KpiView) -> impl IntoView {
    let l = use_locale();
    let filters = filters::form(
        l,
        filters::Target { action: "/ops", id: "kpi-filters" },
        filters::Asked { query: &v.query, problem: &v.problem, clients: &v.clients, paths: &v.paths, from: v.from, to: v.to },
    );
    let query = v.query.clone();
    let scope = filters::scope(l, &v.client_name, &v.path_name);
    let period = td_string!(
        l,
        kpi.period,
        from = text::iso(v.from),
        to = text::iso(v.to),
        before_from = text::iso(v.previous_from),
        before_to = text::iso(v.previous_to)
    )
    .to_string();
    let body = if v.problem.is_some() {
        view! { <p class="empty">{td_string!(l, kpi.fix_filters)}</p> }.into_any()
    } else {
        let weeks_count = v.weeks.len() as i64;
        let activity_json = chart::kpi_activity(l, &v.weeks);
        let activity_summary = chart::activity_summary(l, &v.weeks);
        let attention_json = chart::kpi_attention(l, &v.weeks);
        let attention_summary = chart::attention_summary(l, &v.weeks);
        let more = (v.cohorts_total > v.cohorts.len() as i64)
            .then(|| td_string!(l, kpi.cohorts_more, shown = v.cohorts.len() as i64, total = v.cohorts_total).to_string());
        let cohorts = if v.cohorts.is_empty() {
            view! { <p class="empty">{td_string!(l, kpi.no_cohorts)}</p> }.into_any()
        } else {
            breakdown(l, "by-cohort", td_string!(l, kpi.by_cohort).to_string(), td_string!(l, kpi.col_cohort).to_string(), v.cohorts, None)
                .into_any()
        };
        view! {
            <p class="lead" id="kpi-scope">{scope}{period}</p>
            <div class="tiles">
                {v.figures.into_iter().map(|f| view! { <Figure f/> }).collect_view()}
            </div>
            <section class="panel">
                <h2>{td_string!(l, kpi.trends)}</h2>
                <Chart label=td_string!(l, ops.chart_label, count = weeks_count).to_string() summary=activity_summary option_json=activity_json/>
                <Chart label=td_string!(l, kpi.attention_label, count = weeks_count).to_string() summary=attention_summary option_json=attention_json/>
                <ChartScripts/>
                <TableFrame label=td_string!(l, kpi.trends).to_string()>
                    <table id="weekly">
                        <thead><tr>
                            <th scope="col">{td_string!(l, ops.col_week)}</th>
                            <th scope="col" class="num">{td_string!(l, ops.col_active)}</th>
                            <th scope="col" class="num">{td_string!(l, ops.col_completed)}</th>
                            <th scope="col" class="num">{td_string!(l, kpi.col_at_risk)}</th>
                            <th scope="col" class="num">{td_string!(l, kpi.col_backlog)}</th>
                        </tr></thead>
                        <tbody>
                            {v.weeks.into_iter().map(|w| view! {
                                <tr>
                                    <th scope="row" class="nowrap">{text::date(l, chart::week_start(&w))}</th>
                                    <td class="num">{text::number(l, w.active_7)}</td>
                                    <td class="num">{text::number(l, w.lessons_completed)}</td>
                                    <td class="num">{text::number(l, w.at_risk)}</td>
                                    <td class="num">{text::number(l, w.backlog)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </TableFrame>
            </section>
            <section class="panel">
                <h2>{td_string!(l, kpi.breakdown)}</h2>
                {breakdown(l, "by-client", td_string!(l, kpi.by_client).to_string(), td_string!(l, kpi.col_client).to_string(), v.by_client, Some(("client", query.clone())))}
                {breakdown(l, "by-path", td_string!(l, kpi.by_path).to_string(), td_string!(l, kpi.col_path).to_string(), v.by_path, Some(("path", query)))}
                <h3>{td_string!(l, kpi.by_cohort)}</h3>
                {more.map(|m| view! { <p class="detail" id="cohorts-more">{m}</p> })}
                {cohorts}
            </section>
        }
        .into_any()
    };
    view! {
        <AppLayout title=td_string!(l, ops.title).to_string() user=(Role::Operations, v.viewer_name.clone())>
            <h1>{td_string!(l, ops.heading)}</h1>
            {filters}
            {body}
        </AppLayout>
    }
}
