//! `/train`: the trainer's cohorts and the grading queue, oldest first.

use crate::api::trainer::get_trainer_console;
use crate::auth::Role;
use crate::model::TrainerConsole;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page_error::data_page;
use leptos::prelude::*;

#[component]
pub fn TrainerConsolePage() -> impl IntoView {
    data_page(get_trainer_console(), |c| view! { <Console c/> })
}

#[component]
fn Console(c: TrainerConsole) -> impl IntoView {
    let cohorts = if c.cohorts.is_empty() {
        view! { <p class="empty">"You have no cohorts yet. Operations assigns cohorts to trainers."</p> }.into_any()
    } else {
        view! {
            <div class="table-wrap">
                <table id="cohorts">
                    <thead><tr>
                        <th scope="col">"Cohort"</th><th scope="col">"Sponsor"</th><th scope="col">"Path"</th>
                        <th scope="col">"Status"</th><th scope="col" class="num">"Learners"</th><th scope="col" class="num">"Avg. progress"</th>
                    </tr></thead>
                    <tbody>
                        {c.cohorts.into_iter().map(|k| view! {
                            <tr>
                                <th scope="row">{k.name}</th><td>{k.client_name}</td><td>{k.path_title}</td>
                                <td>{k.status}</td><td class="num">{k.learner_count}</td><td class="num">{format!("{}%", k.average_percent)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let shown = c.pending.len() as i64;
    let queue = if c.pending.is_empty() {
        view! { <p class="empty">"Nothing waits for grading. Well done."</p> }.into_any()
    } else {
        view! {
            <div class="table-wrap">
                <table id="queue">
                    <thead><tr>
                        <th scope="col">"Learner"</th><th scope="col">"Assessment"</th><th scope="col">"Cohort"</th>
                        <th scope="col" class="num">"Waiting"</th><th scope="col" class="num">"Pre-score"</th><th scope="col">"Flag"</th>
                    </tr></thead>
                    <tbody>
                        {c.pending.into_iter().map(|p| view! {
                            <tr>
                                <th scope="row">{p.learner_name}</th><td>{p.assessment_title}</td><td>{p.cohort_name}</td>
                                <td class="num">{if p.waiting_days == 1 { "1 day".to_string() } else { format!("{} days", p.waiting_days) }}</td>
                                <td class="num">{p.ai_score.map(|s| s.to_string()).unwrap_or_else(|| "—".into())}</td>
                                <td>{p.flagged.then_some("Flagged")}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(c.pending_count > shown).then(|| view! { <p class="meta">{format!("Showing the oldest {shown} of {}.", c.pending_count)}</p> })}
        }
        .into_any()
    };
    view! {
        <AppLayout title="Trainer console".to_string() user=(Role::Trainer, c.display_name.clone())>
            <h1>"Trainer console"</h1>
            <section class="panel">
                <h2>"My cohorts"</h2>
                {cohorts}
            </section>
            <section class="panel">
                <h2>"Waiting for grading"</h2>
                <p class="value" id="pending-count">{format!("{} submission{}", c.pending_count, if c.pending_count == 1 { "" } else { "s" })}</p>
                {queue}
            </section>
        </AppLayout>
    }
}
