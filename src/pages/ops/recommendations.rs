//! `/ops/recommendations`: trainers each sponsor needs a month ahead, cohorts to merge or split,
//! and trainers over capacity, each row with its numbers and the reason in words.

use crate::api::ops::recommendations::{OVERLOADED_SHOWN, SHAPES_SHOWN, get_recommendations};
use crate::auth::Role;
use crate::i18n::{Locale, td_string};
use crate::model::ops::{CohortAdvice, OverloadRow, RecommendationsView, ShapeRow, StaffingRow};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;

#[component]
pub fn RecommendationsPage() -> impl IntoView {
    data_page(get_recommendations(), |v| view! { <Recommendations v/> })
}

/// "+12.5" or "−3" learners a week.
fn signed(l: Locale, v: f64) -> String {
    let whole = (v * 10.0).round() / 10.0;
    let magnitude = if whole.fract() == 0.0 { text::number(l, whole.abs() as i64) } else { format!("{:.1}", whole.abs()) };
    match whole {
        w if w > 0.0 => format!("+{magnitude}"),
        w if w < 0.0 => format!("−{magnitude}"),
        _ => magnitude,
    }
}

fn staffing_row(l: Locale, s: StaffingRow, v: &RecommendationsView) -> impl IntoView + use<> {
    let gap = s.needed - s.serving;
    let advice = match gap {
        g if g > 0 => td_string!(l, recommend.add_trainers, count = g).to_string(),
        g if g < 0 => td_string!(l, recommend.spare_trainers, count = -g).to_string(),
        _ => td_string!(l, recommend.enough_trainers).to_string(),
    };
    let reason = td_string!(
        l,
        recommend.staffing_reason,
        trend = text::number(l, s.trend),
        weeks = v.horizon_weeks,
        per_week = signed(l, s.per_week),
        history = v.history_weeks,
        per_trainer = v.per_trainer,
        needed = s.needed,
        serving = s.serving
    )
    .to_string();
    let class = if gap > 0 { "verdict missed" } else { "verdict" };
    view! {
        <tr>
            <th scope="row"><a class="row-link" href=format!("/ops/clients/{}", s.client_id) translate="no">{s.client_name}</a></th>
            <td class="num">{text::number(l, s.learners_now)}</td>
            <td class="num">{text::number(l, s.trend)}<span class="detail">" "{signed(l, s.per_week)}{td_string!(l, recommend.a_week)}</span></td>
            <td class="num">{text::number(l, s.naive)}</td>
            <td class="num">{text::number(l, s.needed)}</td>
            <td class="num">{text::number(l, s.serving)}</td>
            <td><span class=class>{advice}</span><p class="detail">{reason}</p></td>
        </tr>
    }
}

fn shape_row(l: Locale, s: ShapeRow, v: &RecommendationsView) -> impl IntoView + use<> {
    let (advice, reason) = match &s.advice {
        CohortAdvice::Split => (
            view! { <span>{td_string!(l, recommend.split)}</span> }.into_any(),
            td_string!(l, recommend.split_reason, members = s.members, above = v.split_above, half = (s.members + 1) / 2).to_string(),
        ),
        CohortAdvice::Merge { with_name, with_members, .. } => (
            // The other cohort's name is data, not interface text: marked so.
            view! { <span>{td_string!(l, recommend.merge)}" "<span translate="no">{with_name.clone()}</span></span> }.into_any(),
            td_string!(
                l,
                recommend.merge_reason,
                members = s.members,
                below = v.merge_below,
                other = with_members,
                together = s.members + with_members
            )
            .to_string(),
        ),
    };
    view! {
        <tr>
            <th scope="row" translate="no">{s.name}<span class="detail">" "{s.client_name}" · "{s.path_name}</span></th>
            <td translate="no">{s.trainer_name.unwrap_or_else(|| "—".to_owned())}</td>
            <td class="num">{text::number(l, s.members)}</td>
            <td><strong>{advice}</strong><p class="detail">{reason}</p></td>
        </tr>
    }
}

fn overload_row(l: Locale, o: OverloadRow) -> impl IntoView + use<> {
    let over = o.learners - i64::from(o.capacity);
    view! {
        <tr>
            <th scope="row"><a class="row-link" href=format!("/ops/trainers/{}", o.trainer_id) translate="no">{o.name}</a></th>
            <td class="num">{text::number(l, o.learners)}</td>
            <td class="num">{text::number(l, o.capacity.into())}</td>
            <td class="num">{text::number(l, o.cohorts)}</td>
            <td>{td_string!(l, recommend.over_reason, over = over, cohorts = o.cohorts)}</td>
        </tr>
    }
}

#[component]
fn Recommendations(v: RecommendationsView) -> impl IntoView {
    let l = use_locale();
    let backtest = v.backtest.map(|b| {
        let (trend, naive) = (b.trend_error.round() as i64, b.naive_error.round() as i64);
        let better =
            if b.trend_error <= b.naive_error { td_string!(l, recommend.trend_better) } else { td_string!(l, recommend.naive_better) };
        view! {
            <p class="hint" id="backtest">
                {td_string!(l, recommend.backtest, count = b.sponsors, weeks = v.horizon_weeks, trend = trend, naive = naive)}" "{better}
            </p>
        }
    });
    let staffing_rows = v.staffing.clone().into_iter().map(|s| staffing_row(l, s, &v)).collect_view();
    let shape_rows = v.shapes.clone().into_iter().map(|s| shape_row(l, s, &v)).collect_view();
    let staffing = if v.staffing.is_empty() {
        view! { <p class="empty">{td_string!(l, recommend.no_staffing)}</p> }.into_any()
    } else {
        view! {
            <TableFrame label=td_string!(l, recommend.staffing).to_string()>
                <table id="staffing">
                    <thead><tr>
                        <th scope="col">{td_string!(l, recommend.col_client)}</th>
                        <th scope="col" class="num">{td_string!(l, recommend.col_now)}</th>
                        <th scope="col" class="num">{td_string!(l, recommend.col_trend, weeks = v.horizon_weeks)}</th>
                        <th scope="col" class="num">{td_string!(l, recommend.col_naive)}</th>
                        <th scope="col" class="num">{td_string!(l, recommend.col_needed)}</th>
                        <th scope="col" class="num">{td_string!(l, recommend.col_serving)}</th>
                        <th scope="col">{td_string!(l, recommend.col_advice)}</th>
                    </tr></thead>
                    <tbody>{staffing_rows}</tbody>
                </table>
            </TableFrame>
        }
        .into_any()
    };
    let shapes = if v.shapes.is_empty() {
        view! { <p class="empty">{td_string!(l, recommend.no_shapes)}</p> }.into_any()
    } else {
        view! {
            <TableFrame label=td_string!(l, recommend.shapes).to_string()>
                <table id="shapes">
                    <thead><tr>
                        <th scope="col">{td_string!(l, recommend.col_cohort)}</th>
                        <th scope="col">{td_string!(l, recommend.col_trainer)}</th>
                        <th scope="col" class="num">{td_string!(l, recommend.col_members)}</th>
                        <th scope="col">{td_string!(l, recommend.col_advice)}</th>
                    </tr></thead>
                    <tbody>{shape_rows}</tbody>
                </table>
            </TableFrame>
        }
        .into_any()
    };
    let shapes_more = (v.shapes_total > SHAPES_SHOWN as i64)
        .then(|| view! { <p class="hint">{td_string!(l, recommend.more, shown = SHAPES_SHOWN as i64, total = v.shapes_total)}</p> });
    let overloaded_more = (v.overloaded_total > OVERLOADED_SHOWN)
        .then(|| view! { <p class="hint">{td_string!(l, recommend.more, shown = OVERLOADED_SHOWN, total = v.overloaded_total)}</p> });
    let overloaded = if v.overloaded.is_empty() {
        view! { <p class="empty" id="none-over">{td_string!(l, recommend.no_overload)}</p> }.into_any()
    } else {
        view! {
            <TableFrame label=td_string!(l, recommend.overloaded).to_string()>
                <table id="overloaded">
                    <thead><tr>
                        <th scope="col">{td_string!(l, recommend.col_trainer)}</th>
                        <th scope="col" class="num">{td_string!(l, recommend.col_learners)}</th>
                        <th scope="col" class="num">{td_string!(l, recommend.col_capacity)}</th>
                        <th scope="col" class="num">{td_string!(l, recommend.col_cohorts)}</th>
                        <th scope="col">{td_string!(l, recommend.col_reason)}</th>
                    </tr></thead>
                    <tbody>{v.overloaded.clone().into_iter().map(|o| overload_row(l, o)).collect_view()}</tbody>
                </table>
            </TableFrame>
            <p><a class="button secondary" href="/ops/redistribute">{td_string!(l, recommend.to_redistribute)}</a></p>
        }
        .into_any()
    };
    view! {
        <AppLayout title=td_string!(l, recommend.title).to_string() user=(Role::Operations, v.viewer_name.clone())>
            <h1>{td_string!(l, recommend.heading)}</h1>
            <section class="panel" aria-labelledby="staffing-heading">
                <h2 id="staffing-heading">{td_string!(l, recommend.staffing)}</h2>
                <p class="hint">{td_string!(l, recommend.staffing_rule, per_trainer = v.per_trainer, history = v.history_weeks, weeks = v.horizon_weeks)}</p>
                {backtest}
                {staffing}
            </section>
            <section class="panel" aria-labelledby="shapes-heading">
                <h2 id="shapes-heading">{td_string!(l, recommend.shapes)}</h2>
                <p class="hint">{td_string!(l, recommend.shapes_rule, below = v.merge_below, above = v.split_above)}</p>
                {shapes_more}
                {shapes}
            </section>
            <section class="panel" aria-labelledby="overloaded-heading">
                <h2 id="overloaded-heading">{td_string!(l, recommend.overloaded)}</h2>
                <p class="hint">{td_string!(l, recommend.overloaded_rule)}</p>
                {overloaded_more}
                {overloaded}
            </section>
        </AppLayout>
    }
}
