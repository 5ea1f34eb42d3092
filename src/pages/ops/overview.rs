//! `/ops`: the organisation's KPIs and the weekly activity chart with its summary and table.

use crate::api::ops::overview::get_ops_overview;
use crate::auth::Role;
use crate::i18n::td_string;
use crate::model::ops::OpsOverview;
use crate::ui::components::chart::{self, Chart};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::components::table::TableFrame;
use crate::ui::components::tile::Tile;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;

#[component]
pub fn OpsOverviewPage() -> impl IntoView {
    data_page(get_ops_overview(), |o| view! { <Overview o/> })
}

#[component]
fn Overview(o: OpsOverview) -> impl IntoView {
    let l = use_locale();
    let k = o.kpis;
    let weeks = o.weekly.len() as i64;
    let chart_json = chart::weekly_activity(l, &o.weekly);
    let summary = chart::weekly_activity_summary(l, &o.weekly);
    view! {
        <AppLayout title=td_string!(l, ops.title).to_string() user=(Role::Operations, o.viewer_name)>
            <h1>{td_string!(l, ops.heading)}</h1>
            <div class="tiles">
                <Tile id="kpi-active" label=td_string!(l, ops.active_7d).to_string() value=text::number(l, k.active_learners_7d)
                    detail=td_string!(l, ops.of_learners, count = k.total_learners).to_string()/>
                <Tile id="kpi-completion" label=td_string!(l, ops.completion).to_string() value=text::percent(l, k.completion_rate_percent)
                    detail=td_string!(l, ops.completion_detail).to_string()/>
                <Tile id="kpi-score" label=td_string!(l, ops.average_score).to_string()
                    value=k.average_score.map(|s| text::number(l, s.into())).unwrap_or_else(|| td_string!(l, ops.no_score).to_string())
                    detail=td_string!(l, ops.average_score_detail).to_string()/>
                <Tile id="kpi-alerts" label=td_string!(l, ops.open_alerts).to_string() value=text::number(l, k.open_risk_alerts)
                    detail=td_string!(l, ops.open_alerts_detail).to_string()/>
            </div>
            <section class="panel">
                <h2>{td_string!(l, ops.weekly)}</h2>
                <Chart label=td_string!(l, ops.chart_label, count = weeks).to_string() summary option_json=chart_json/>
                <TableFrame label=td_string!(l, ops.weekly).to_string()>
                    <table id="weekly">
                        <thead><tr>
                            <th scope="col">{td_string!(l, ops.col_week)}</th>
                            <th scope="col" class="num">{td_string!(l, ops.col_active)}</th>
                            <th scope="col" class="num">{td_string!(l, ops.col_completed)}</th>
                        </tr></thead>
                        <tbody>
                            {o.weekly.into_iter().map(|w| view! {
                                <tr>
                                    <th scope="row" class="nowrap">{text::date(l, w.week_start)}</th>
                                    <td class="num">{text::number(l, w.active_learners)}</td>
                                    <td class="num">{text::number(l, w.lessons_completed)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </TableFrame>
            </section>
        </AppLayout>
    }
}
