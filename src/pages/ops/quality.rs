//! `/ops/quality`: quality and compliance for a client, a path and a period (the filters of `/ops`),
//! each metric with its definition, target and whether it is met, and the cohorts that ended
//! leaving learners unfinished.

use super::filters;
use crate::api::ops::quality::{ENDED_SHOWN, get_quality};
use crate::auth::Role;
use crate::i18n::{Locale, td_string};
use crate::model::ops::{EndedCohort, KpiQuery, QualityFigure, QualityMetric, QualityView, Verdict};
use crate::server::request::query_param;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;

#[component]
pub fn QualityPage() -> impl IntoView {
    let q = query_param;
    let query = KpiQuery { client: q("client"), path: q("path"), from: q("from"), to: q("to") };
    data_page(get_quality(query), |v| view! { <Quality v/> })
}

fn label(l: Locale, metric: QualityMetric) -> String {
    match metric {
        QualityMetric::GradedInTime => td_string!(l, quality.graded_in_time),
        QualityMetric::FeedbackGiven => td_string!(l, quality.feedback_given),
        QualityMetric::RubricUse => td_string!(l, quality.rubric_use),
        QualityMetric::AiAgreement => td_string!(l, quality.ai_agreement),
        QualityMetric::OverdueWork => td_string!(l, quality.overdue),
        QualityMetric::EndedUnfinished => td_string!(l, quality.ended_unfinished),
        QualityMetric::Inactive => td_string!(l, quality.inactive),
    }
    .to_string()
}

/// Each metric's definition with the thresholds `domain::quality` counts with.
fn definition(l: Locale, metric: QualityMetric, v: &QualityView) -> String {
    match metric {
        QualityMetric::GradedInTime => td_string!(l, quality.def_graded_in_time, hours = v.sla_hours).to_string(),
        QualityMetric::FeedbackGiven => td_string!(l, quality.def_feedback_given).to_string(),
        QualityMetric::RubricUse => td_string!(l, quality.def_rubric_use, criteria = i64::from(v.rubric_criteria)).to_string(),
        QualityMetric::AiAgreement => td_string!(l, quality.def_ai_agreement).to_string(),
        QualityMetric::OverdueWork => td_string!(l, quality.def_overdue, hours = v.sla_hours).to_string(),
        QualityMetric::EndedUnfinished => td_string!(l, quality.def_ended_unfinished).to_string(),
        QualityMetric::Inactive => td_string!(l, quality.def_inactive, days = v.inactive_days).to_string(),
    }
}

/// What the metric adds beside its count: the median wait, the learners left unfinished.
fn aside(l: Locale, metric: QualityMetric, v: &QualityView) -> Option<String> {
    match metric {
        QualityMetric::GradedInTime => v
            .median_wait_hours
            .map(|h| td_string!(l, quality.median_wait, hours = td_string!(l, kpi.hours, count = h).to_string()).to_string()),
        QualityMetric::EndedUnfinished => Some(td_string!(l, quality.unfinished_learners, count = v.unfinished_learners).to_string()),
        QualityMetric::Inactive => Some(match v.inactive_counted_at {
            Some(at) => td_string!(l, quality.inactive_counted_at, time = text::utc(at)).to_string(),
            None => td_string!(l, quality.inactive_not_counted).to_string(),
        }),
        _ => None,
    }
}

fn metric_id(metric: QualityMetric) -> &'static str {
    match metric {
        QualityMetric::GradedInTime => "quality-graded-in-time",
        QualityMetric::FeedbackGiven => "quality-feedback",
        QualityMetric::RubricUse => "quality-rubric",
        QualityMetric::AiAgreement => "quality-agreement",
        QualityMetric::OverdueWork => "quality-overdue",
        QualityMetric::EndedUnfinished => "quality-ended",
        QualityMetric::Inactive => "quality-inactive",
    }
}

fn verdict(l: Locale, v: Verdict) -> impl IntoView + use<> {
    let (class, words) = match v {
        Verdict::Met => ("verdict met", td_string!(l, quality.met)),
        Verdict::Missed => ("verdict missed", td_string!(l, quality.missed)),
        Verdict::NoData => ("verdict", td_string!(l, quality.no_data)),
    };
    view! { <span class=class>{words}</span> }
}

fn figure_row(l: Locale, f: QualityFigure, v: &QualityView) -> impl IntoView + use<> {
    let share = f.percent.map(|p| text::percent(l, p)).unwrap_or_else(|| td_string!(l, kpi.none).to_string());
    let counted = td_string!(l, quality.counted, part = text::number(l, f.part), whole = text::number(l, f.whole)).to_string();
    let target = if f.at_least {
        td_string!(l, quality.at_least, percent = text::percent(l, f.target))
    } else {
        td_string!(l, quality.at_most, percent = text::percent(l, f.target))
    }
    .to_string();
    let when = if f.over_period { td_string!(l, quality.in_period) } else { td_string!(l, quality.now) };
    view! {
        <tr id=metric_id(f.metric)>
            <th scope="row">
                {label(l, f.metric)}
                <span class="detail">" "{when}</span>
                <p class="detail">{definition(l, f.metric, v)}</p>
            </th>
            <td class="num">{share}</td>
            <td class="num">{counted}{aside(l, f.metric, v).map(|a| view! { <span class="detail">" "{a}</span> })}</td>
            <td>{target}</td>
            <td>{verdict(l, f.verdict)}</td>
        </tr>
    }
}

fn ended_row(l: Locale, c: EndedCohort) -> impl IntoView + use<> {
    let trainer = match (c.trainer_id, c.trainer_name) {
        (Some(id), Some(name)) => view! { <a class="row-link" href=format!("/ops/trainers/{id}") translate="no">{name}</a> }.into_any(),
        _ => view! { <span>{td_string!(l, quality.no_trainer)}</span> }.into_any(),
    };
    let unfinished =
        td_string!(l, quality.unfinished_of, unfinished = text::number(l, c.unfinished), members = text::number(l, c.members)).to_string();
    view! {
        <tr>
            <th scope="row" translate="no">{c.name}</th>
            <td><a class="row-link" href=format!("/ops/clients/{}", c.client_id) translate="no">{c.client_name}</a></td>
            <td>{trainer}</td>
            <td class="nowrap">{text::date(l, c.ends_on)}</td>
            <td class="num">{unfinished}</td>
        </tr>
    }
}

#[component]
fn Quality(v: QualityView) -> impl IntoView {
    let l = use_locale();
    let filters = filters::form(
        l,
        filters::Target { action: "/ops/quality", id: "quality-filters" },
        filters::Asked { query: &v.query, problem: &v.problem, clients: &v.clients, paths: &v.paths, from: v.from, to: v.to },
    );
    let body = if v.problem.is_some() {
        view! { <p class="empty">{td_string!(l, kpi.fix_filters)}</p> }.into_any()
    } else {
        let scope = filters::scope(l, &v.client_name, &v.path_name);
        let period = td_string!(l, quality.period, from = text::iso(v.from), to = text::iso(v.to)).to_string();
        let rows = v.figures.iter().map(|f| figure_row(l, *f, &v)).collect_view();
        let with_unfinished = v.figures.iter().find(|f| f.metric == QualityMetric::EndedUnfinished).map_or(0, |f| f.part);
        let more = (with_unfinished > ENDED_SHOWN)
            .then(|| td_string!(l, quality.ended_more, shown = ENDED_SHOWN, total = with_unfinished).to_string());
        let ended = if v.ended.is_empty() {
            view! { <p class="empty" id="ended-none">{td_string!(l, quality.ended_none)}</p> }.into_any()
        } else {
            view! {
                <TableFrame label=td_string!(l, quality.ended_heading).to_string()>
                    <table id="ended-cohorts">
                        <thead><tr>
                            <th scope="col">{td_string!(l, quality.col_cohort)}</th>
                            <th scope="col">{td_string!(l, quality.col_client)}</th>
                            <th scope="col">{td_string!(l, quality.col_trainer)}</th>
                            <th scope="col">{td_string!(l, quality.col_ended)}</th>
                            <th scope="col" class="num">{td_string!(l, quality.col_unfinished)}</th>
                        </tr></thead>
                        <tbody>{v.ended.clone().into_iter().map(|c| ended_row(l, c)).collect_view()}</tbody>
                    </table>
                </TableFrame>
            }
            .into_any()
        };
        view! {
            <p class="lead" id="quality-scope">{scope}{period}</p>
            <TableFrame label=td_string!(l, quality.caption).to_string()>
                <table id="quality">
                    <caption>{td_string!(l, quality.caption)}</caption>
                    <thead><tr>
                        <th scope="col">{td_string!(l, quality.col_metric)}</th>
                        <th scope="col" class="num">{td_string!(l, quality.col_share)}</th>
                        <th scope="col" class="num">{td_string!(l, quality.col_counted)}</th>
                        <th scope="col">{td_string!(l, quality.col_target)}</th>
                        <th scope="col">{td_string!(l, quality.col_status)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableFrame>
            <section class="panel" aria-labelledby="ended-heading">
                <h2 id="ended-heading">{td_string!(l, quality.ended_heading)}</h2>
                {more.map(|m| view! { <p class="hint">{m}</p> })}
                {ended}
            </section>
        }
        .into_any()
    };
    view! {
        <AppLayout title=td_string!(l, quality.title).to_string() user=(Role::Operations, v.viewer_name.clone())>
            <h1>{td_string!(l, quality.heading)}</h1>
            {filters}
            {body}
        </AppLayout>
    }
}
