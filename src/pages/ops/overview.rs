//! `/ops`: the organisation's KPIs and weekly activity chart.

use crate::api::ops::get_ops_overview;
use crate::auth::Role;
use crate::model::OpsOverview;
use crate::ui::components::chart::Chart;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page_error::data_page;
use crate::ui::components::tile::Tile;
use leptos::prelude::*;

#[component]
pub fn OpsOverviewPage() -> impl IntoView {
    data_page(get_ops_overview(), |o| view! { <Overview o/> })
}

#[component]
fn Overview(o: OpsOverview) -> impl IntoView {
    let k = o.kpis;
    view! {
        <AppLayout title="Operations".to_string() user=(Role::Operations, o.viewer_name)>
            <h1>"Operations overview"</h1>
            <div class="tiles">
                <Tile id="kpi-active" label="Active learners, last 7 days" value=k.active_learners_7d.to_string()
                    detail=format!("of {} learners", k.total_learners)/>
                <Tile id="kpi-completion" label="Lesson completion rate" value=format!("{}%", k.completion_rate_percent)
                    detail="Lessons finished of those started.".to_string()/>
                <Tile id="kpi-score" label="Average assessment score"
                    value=k.average_score.map(|s| s.to_string()).unwrap_or_else(|| "—".into())
                    detail="Graded module checks, out of 100.".to_string()/>
                <Tile id="kpi-alerts" label="Open risk alerts" value=k.open_risk_alerts.to_string()
                    detail="Not yet resolved.".to_string()/>
            </div>
            <section class="panel">
                <h2>"Weekly activity"</h2>
                <Chart label="Lessons completed and active learners per week, last 8 weeks".to_string() option_json=o.weekly_chart/>
                <div class="table-wrap">
                    <table id="weekly">
                        <thead><tr>
                            <th scope="col">"Week of"</th><th scope="col" class="num">"Active learners"</th>
                            <th scope="col" class="num">"Lessons completed"</th>
                        </tr></thead>
                        <tbody>
                            {o.weekly.into_iter().map(|w| view! {
                                <tr><th scope="row">{w.week_start}</th><td class="num">{w.active_learners}</td>
                                <td class="num">{w.lessons_completed}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        </AppLayout>
    }
}
