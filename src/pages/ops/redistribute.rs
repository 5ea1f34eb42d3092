//! `/ops/redistribute`: the load optimiser's proposal — each trainer's load today and after
//! (chart and table), the moves, the imbalance against the greedy baseline — and "Apply", a plain
//! form that sends back exactly the moves previewed with the fingerprint of the data they came from.

use crate::api::account::session::take_form_flash;
use crate::api::ops::redistribute::{ApplyRedistribution, get_redistribution};
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use crate::model::forms::{Field, Form, FormFlash};
use crate::model::ops::{CohortMove, LoadMethod, LoadRow, LoadScore, RedistributeView};
use crate::ui::components::chart::{self, Chart, ChartScripts};
use crate::ui::components::form::FormMessage;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Trainers the chart and table show: those whose load changes (the rest are counted).
const TRAINERS_SHOWN: usize = 60;
/// Moves the table lists (all of them are applied).
const MOVES_SHOWN: usize = 200;

#[component]
pub fn RedistributePage() -> impl IntoView {
    let load = async {
        let view = get_redistribution().await?;
        let flash = take_form_flash(Form::Redistribute).await?.unwrap_or_else(|| FormFlash::new(Form::Redistribute));
        Ok::<_, AppError>((view, flash))
    };
    data_page(load, |(view, flash)| view! { <Redistribute view flash/> })
}

fn method(l: Locale, m: LoadMethod) -> String {
    match m {
        LoadMethod::Exact => td_string!(l, redistribute.method_exact).to_string(),
        LoadMethod::Relaxed => td_string!(l, redistribute.method_relaxed).to_string(),
        LoadMethod::Greedy => td_string!(l, redistribute.method_greedy).to_string(),
        LoadMethod::TooLarge => td_string!(l, redistribute.method_too_large).to_string(),
    }
}

fn learners(l: Locale, v: f64) -> String {
    text::number(l, v.round() as i64)
}

fn score_row(l: Locale, id: &'static str, label: String, s: LoadScore) -> impl IntoView + use<> {
    view! {
        <tr id=id>
            <th scope="row">{label}</th>
            <td class="num">{learners(l, s.imbalance)}</td>
            <td class="num">{learners(l, s.over)}</td>
            <td class="num">{s.max_utilisation_percent.map_or_else(|| "—".to_owned(), |p| format!("{}%", text::number(l, p)))}</td>
            <td class="num">{text::number(l, s.moves as i64)}</td>
        </tr>
    }
}

fn load_row(l: Locale, r: LoadRow) -> impl IntoView + use<> {
    view! {
        <tr>
            <th scope="row"><a class="row-link" href=format!("/ops/trainers/{}", r.trainer_id) translate="no">{r.name}</a></th>
            <td class="num">{text::number(l, i64::from(r.capacity))}</td>
            <td class="num">{text::number(l, r.fair.round() as i64)}</td>
            <td class="num">{text::number(l, r.before)}</td>
            <td class="num">{text::number(l, r.after)}</td>
            <td class="num">{text::number(l, r.greedy_after)}</td>
        </tr>
    }
}

fn move_row(l: Locale, m: CohortMove) -> impl IntoView + use<> {
    view! {
        <tr>
            <th scope="row" translate="no">{m.cohort}</th>
            <td class="num">{text::number(l, m.learners)}</td>
            <td translate="no">{m.from}</td>
            <td translate="no">{m.to}</td>
        </tr>
    }
}

#[component]
fn Redistribute(view: RedistributeView, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let p = view.proposal;
    let error = flash.error(Field::Whole).map(|e| text::problem(l, e));
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    let changed: Vec<LoadRow> = p.trainers.iter().filter(|r| r.before != r.after || r.before != r.greedy_after).cloned().collect();
    let unchanged = p.trainers.len() - changed.len();
    let shown: Vec<LoadRow> = changed.into_iter().take(TRAINERS_SHOWN).collect();
    let more_trainers = p.trainers.len() - unchanged - shown.len();
    let option_json = chart::load_bars(l, &shown);
    let moves_value = p.moves.iter().map(|m| format!("{}:{}", m.cohort_id, m.to_id)).collect::<Vec<_>>().join(",");
    let move_count = p.moves.len() as i64;
    let more_moves = p.moves.len().saturating_sub(MOVES_SHOWN) as i64;
    let summary = td_string!(
        l,
        redistribute.summary,
        cohorts = p.cohorts as i64,
        learners = p.learners,
        trainers = p.trainers.len() as i64,
        ms = p.solve_ms as i64
    )
    .to_string();
    let outcome = if p.moves.is_empty() {
        view! { <p class="empty" id="nothing-to-move">{td_string!(l, redistribute.nothing)}</p> }.into_any()
    } else {
        view! {
            <TableFrame label=td_string!(l, redistribute.moves).to_string()>
                <table id="moves">
                    <thead><tr>
                        <th scope="col">{td_string!(l, redistribute.col_cohort)}</th>
                        <th scope="col" class="num">{td_string!(l, redistribute.col_learners)}</th>
                        <th scope="col">{td_string!(l, redistribute.col_from)}</th>
                        <th scope="col">{td_string!(l, redistribute.col_to)}</th>
                    </tr></thead>
                    <tbody>{p.moves.into_iter().take(MOVES_SHOWN).map(|m| move_row(l, m)).collect_view()}</tbody>
                </table>
            </TableFrame>
            {(more_moves > 0).then(|| view! { <p class="detail">{td_string!(l, redistribute.more_moves, count = more_moves)}</p> })}
            <form method="post" action=ApplyRedistribution::PATH id="apply">
                <input type="hidden" name="fingerprint" value=p.fingerprint.clone()/>
                <input type="hidden" name="moves" value=moves_value/>
                <p class="hint">{td_string!(l, redistribute.apply_hint)}</p>
                <button type="submit" class="button">{td_string!(l, redistribute.apply, count = move_count)}</button>
            </form>
        }
        .into_any()
    };
    let loads = (!shown.is_empty()).then(|| {
        view! {
            <Chart label=td_string!(l, redistribute.chart_label).to_string() summary=td_string!(l, redistribute.chart_summary).to_string()
                option_json/>
            <TableFrame label=td_string!(l, redistribute.loads).to_string()>
                <table id="loads">
                    <thead><tr>
                        <th scope="col">{td_string!(l, trainers.col_trainer)}</th>
                        <th scope="col" class="num">{td_string!(l, redistribute.col_capacity)}</th>
                        <th scope="col" class="num">{td_string!(l, redistribute.col_fair)}</th>
                        <th scope="col" class="num">{td_string!(l, redistribute.col_before)}</th>
                        <th scope="col" class="num">{td_string!(l, redistribute.col_after)}</th>
                        <th scope="col" class="num">{td_string!(l, redistribute.col_greedy)}</th>
                    </tr></thead>
                    <tbody>{shown.into_iter().map(|r| load_row(l, r)).collect_view()}</tbody>
                </table>
            </TableFrame>
        }
    });
    view! {
        <AppLayout title=td_string!(l, redistribute.title).to_string() user=(Role::Operations, view.viewer_name.clone())>
            <h1>{td_string!(l, redistribute.heading)}</h1>
            <FormMessage error notice/>
            <section class="panel" id="proposal">
                <h2>{td_string!(l, redistribute.proposal)}</h2>
                <p>{summary}</p>
                <p id="method">{method(l, p.method)}</p>
                <TableFrame label=td_string!(l, redistribute.comparison).to_string()>
                    <table id="comparison">
                        <thead><tr>
                            <th scope="col">{td_string!(l, redistribute.col_plan)}</th>
                            <th scope="col" class="num">{td_string!(l, redistribute.col_imbalance)}</th>
                            <th scope="col" class="num">{td_string!(l, redistribute.col_over)}</th>
                            <th scope="col" class="num">{td_string!(l, redistribute.col_max)}</th>
                            <th scope="col" class="num">{td_string!(l, redistribute.col_moves)}</th>
                        </tr></thead>
                        <tbody>
                            {score_row(l, "score-today", td_string!(l, redistribute.today).to_string(), p.before)}
                            {score_row(l, "score-proposed", td_string!(l, redistribute.proposed).to_string(), p.after)}
                            {score_row(l, "score-greedy", td_string!(l, redistribute.greedy).to_string(), p.greedy)}
                        </tbody>
                    </table>
                </TableFrame>
                {outcome}
            </section>
            <section class="panel" id="trainer-loads">
                <h2>{td_string!(l, redistribute.loads)}</h2>
                {loads}
                {(unchanged + more_trainers > 0).then(|| view! {
                    <p class="detail">{td_string!(l, redistribute.unchanged, count = (unchanged + more_trainers) as i64)}</p>
                })}
            </section>
            <section class="panel">
                <h2>{td_string!(l, redistribute.rules)}</h2>
                <dl class="facts definitions">
                    <dt>{td_string!(l, redistribute.col_fair)}</dt><dd>{td_string!(l, redistribute.def_fair)}</dd>
                    <dt>{td_string!(l, redistribute.col_imbalance)}</dt><dd>{td_string!(l, redistribute.def_imbalance)}</dd>
                    <dt>{td_string!(l, redistribute.rule_approved)}</dt><dd>{td_string!(l, redistribute.def_approved)}</dd>
                    <dt>{td_string!(l, redistribute.rule_costs)}</dt><dd>{td_string!(l, redistribute.def_costs)}</dd>
                </dl>
            </section>
            <ChartScripts/>
        </AppLayout>
    }
}
