//! `/train/performance`: the trainer's own figures, in tables a screen reader reads row by row
//! (no chart script): grading turnaround, queue age, their cohorts' progress and completion, AI
//! agreement per open item and overall, and their interventions with recoveries.

use crate::api::trainer::performance::get_performance;
use crate::auth::Role;
use crate::i18n::{Locale, td_string};
use crate::model::CONTENT_LANGUAGE;
use crate::model::trainer::{AgreementFigures, TrainerPerformance};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;

#[component]
pub fn PerformancePage() -> impl IntoView {
    data_page(get_performance(), |p| view! { <Performance p/> })
}

fn kappa(l: Locale, k: Option<f64>) -> String {
    k.map_or_else(|| td_string!(l, perf.none).to_string(), |k| format!("{k:.2}"))
}

#[component]
fn AgreementCells(f: AgreementFigures) -> impl IntoView {
    let l = use_locale();
    view! {
        <td class="num">{text::number(l, f.pairs)}</td>
        <td class="num">{text::percent(l, f.exact_percent)}</td>
        <td class="num">{text::percent(l, f.within_one_percent)}</td>
        <td class="num">{kappa(l, f.kappa)}</td>
    }
}

#[component]
fn Performance(p: TrainerPerformance) -> impl IntoView {
    let l = use_locale();
    view! {
        <AppLayout title=td_string!(l, perf.title).to_string() user=(Role::Trainer, p.viewer_name.clone())>
            <h1>{td_string!(l, perf.title)}</h1>
            <PerformanceFigures p own=true/>
        </AppLayout>
    }
}

/// The figures' sections, for the trainer's own page (`own`: their cohorts with links, and a way
/// to their at-risk list) and for operations' page of the trainer (which lists the cohorts itself).
#[component]
pub fn PerformanceFigures(p: TrainerPerformance, own: bool) -> impl IntoView {
    let l = use_locale();
    let cohorts = if !own {
        ().into_any()
    } else if p.cohorts.is_empty() {
        view! { <p class="empty">{td_string!(l, train.cohorts_empty)}</p> }.into_any()
    } else {
        let rows = p
            .cohorts
            .into_iter()
            .map(|c| {
                view! {
                    <tr>
                        <th scope="row"><a class="row-link" href=format!("/train/cohorts/{}", c.cohort_id) translate="no">{c.name}</a></th>
                        <td>{text::cohort_status(l, c.status)}</td>
                        <td class="num">{text::number(l, c.learners)}</td>
                        <td class="num">{text::percent(l, c.average_percent)}</td>
                        <td class="num">{text::number(l, c.completed)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <TableFrame label=td_string!(l, perf.cohorts).to_string()>
                <table id="cohort-outcomes">
                    <thead><tr>
                        <th scope="col">{td_string!(l, train.col_cohort)}</th>
                        <th scope="col">{td_string!(l, train.col_status)}</th>
                        <th scope="col" class="num">{td_string!(l, train.col_learners)}</th>
                        <th scope="col" class="num">{td_string!(l, train.col_progress)}</th>
                        <th scope="col" class="num">{td_string!(l, perf.col_completed)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableFrame>
        }
        .into_any()
    };
    let cohorts = own.then(|| {
        view! {
            <section class="panel">
                <h2>{td_string!(l, perf.cohorts)}</h2>
                {cohorts}
            </section>
        }
    });
    let agreement = match p.agreement {
        None => view! { <p class="empty" id="no-agreement">{td_string!(l, perf.no_agreement)}</p> }.into_any(),
        Some(all) => {
            let rows = p
                .items
                .into_iter()
                .map(|i| {
                    view! {
                        <tr>
                            <th scope="row"><span lang=CONTENT_LANGUAGE.code()>{i.assessment_title}</span>" · "
                                {td_string!(l, perf.question, number = i.position)}<br/>
                                <span class="meta">{td_string!(l, perf.answers, count = i.answers)}</span></th>
                            <AgreementCells f=i.figures/>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <TableFrame label=td_string!(l, perf.agreement).to_string()>
                    <table id="agreement">
                        <thead><tr>
                            <th scope="col">{td_string!(l, perf.col_item)}</th>
                            <th scope="col" class="num">{td_string!(l, perf.col_pairs)}</th>
                            <th scope="col" class="num">{td_string!(l, perf.col_exact)}</th>
                            <th scope="col" class="num">{td_string!(l, perf.col_within_one)}</th>
                            <th scope="col" class="num">{td_string!(l, perf.col_kappa)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                        <tfoot><tr id="agreement-overall"><th scope="row">{td_string!(l, perf.overall)}</th><AgreementCells f=all/></tr></tfoot>
                    </table>
                </TableFrame>
                <p class="hint">{td_string!(l, perf.agreement_hint)}</p>
            }
            .into_any()
        }
    };
    let recovery = if p.settled > 0 {
        td_string!(l, perf.recovered, recovered = p.recovered, settled = p.settled).to_string()
    } else {
        td_string!(l, perf.recovered_none).to_string()
    };
    view! {
        <p class="meta">{td_string!(l, perf.window, days = p.since_days)}</p>
        <section class="panel" id="turnaround">
            <h2>{td_string!(l, perf.grading)}</h2>
            <dl class="facts">
                <dt>{td_string!(l, perf.graded)}</dt><dd id="graded-count">{text::number(l, p.graded)}</dd>
                <dt>{td_string!(l, perf.median)}</dt><dd id="turnaround-median">{text::span(l, p.median_hours)}</dd>
                <dt>{td_string!(l, perf.p90)}</dt><dd id="turnaround-p90">{text::span(l, p.p90_hours)}</dd>
                <dt>{td_string!(l, perf.pending)}</dt><dd id="pending-count">{text::number(l, p.pending)}</dd>
                <dt>{td_string!(l, perf.waiting)}</dt><dd>{text::span(l, p.median_wait_hours)}</dd>
                <dt>{td_string!(l, perf.oldest)}</dt>
                <dd>{p.oldest_days.map_or_else(|| td_string!(l, perf.none).to_string(), |d| text::days(l, d))}</dd>
            </dl>
        </section>
        {cohorts}
        <section class="panel">
            <h2>{td_string!(l, perf.agreement)}</h2>
            {agreement}
        </section>
        <section class="panel" id="interventions-figures">
            <h2>{td_string!(l, perf.interventions)}</h2>
            <dl class="facts">
                <dt>{td_string!(l, perf.recorded)}</dt><dd>{text::number(l, p.interventions)}</dd>
                <dt>{td_string!(l, perf.closed)}</dt><dd>{text::number(l, p.interventions_done)}</dd>
                <dt>{td_string!(l, perf.learners_followed)}</dt><dd>{text::number(l, p.learners_followed)}</dd>
            </dl>
            <p id="recovered">{recovery}</p>
            {own.then(|| view! { <p><a href="/train/at-risk">{td_string!(l, train.open_at_risk)}</a></p> })}
        </section>
    }
}
