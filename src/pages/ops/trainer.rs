//! `/ops/trainers/{id}`: one trainer for operations: their load against capacity (and the form to
//! change it), the sponsors and paths they are approved for, their cohorts and a form to move
//! one to another trainer, 12 weeks of grading
//! (chart and table), the performance figures the trainer sees on their own page, and switching
//! them off once no cohort of theirs is planned or running.

use crate::api::account::session::take_form_flash;
use crate::api::ops::trainers::{ReassignCohort, SetTrainerActive, SetTrainerApprovals, SetTrainerCapacity, WEEKS, get_trainer};
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use crate::model::forms::{Field, Form, FormFlash};
use crate::model::ops::{ApprovalChoice, CohortDestinations, TrainerApprovals, TrainerDetail, TrainerWeek};
use crate::pages::ops::cohort_table::{Beside, cohort_table};
use crate::pages::ops::trainers::load_text;
use crate::pages::trainer::performance::PerformanceFigures;
use crate::ui::components::chart::{self, Chart, ChartScripts};
use crate::ui::components::form::{FormMessage, TextField};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::{PageError, data_page};
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn TrainerPage() -> impl IntoView {
    let Some(id) = use_params_map().with_untracked(|p| p.get("id")).and_then(|id| id.parse::<i64>().ok()) else {
        return view! { <PageError error=AppError::NotFound/> }.into_any();
    };
    let load = async move {
        let detail = get_trainer(id).await?;
        let flash = take_form_flash(Form::Trainer).await?.unwrap_or_else(|| FormFlash::new(Form::Trainer));
        Ok::<_, AppError>((detail, flash))
    };
    data_page(load, |(detail, flash)| view! { <Trainer detail flash/> }).into_any()
}

/// One group of approval boxes (`name` "clients" with keys "c{id}", or "paths" with "p{id}").
fn approval_boxes(l: Locale, legend: String, name: &'static str, prefix: char, choices: Vec<ApprovalChoice>) -> impl IntoView + use<> {
    let body = if choices.is_empty() {
        view! { <p class="empty">{td_string!(l, trainers.approvals_none)}</p> }.into_any()
    } else {
        let boxes = choices
            .into_iter()
            .map(|c| {
                let id = format!("approve-{prefix}{}", c.id);
                view! {
                    <li>
                        <input id=id.clone() name=format!("{name}[{prefix}{}]", c.id) type="checkbox" value="on" checked=c.approved/>
                        <label for=id translate="no">{c.name}</label>
                    </li>
                }
            })
            .collect_view();
        view! { <ul>{boxes}</ul> }.into_any()
    };
    view! {
        <fieldset class="people" id=format!("approved-{name}")>
            <legend>{legend}</legend>
            {body}
        </fieldset>
    }
}

fn approvals_form(l: Locale, trainer: i64, a: TrainerApprovals) -> impl IntoView + use<> {
    view! {
        <section class="panel" id="approvals">
            <h2>{td_string!(l, trainers.approvals)}</h2>
            <p class="hint">{td_string!(l, trainers.approvals_hint)}</p>
            <form method="post" action=SetTrainerApprovals::PATH>
                <input type="hidden" name="trainer" value=trainer/>
                {approval_boxes(l, td_string!(l, trainers.approved_clients).to_string(), "clients", 'c', a.clients)}
                {approval_boxes(l, td_string!(l, trainers.approved_paths).to_string(), "paths", 'p', a.paths)}
                <button type="submit" class="button secondary">{td_string!(l, trainers.approvals_save)}</button>
            </form>
        </section>
    }
}

/// One cohort's move: its own small form, so it works without JavaScript and names the cohort.
fn move_form(l: Locale, d: CohortDestinations) -> impl IntoView + use<> {
    let id = format!("move-{}", d.cohort_id);
    let body = if d.choices.is_empty() {
        view! { <p class="empty">{td_string!(l, trainers.no_destination)}</p> }.into_any()
    } else {
        let options = d
            .choices
            .into_iter()
            .map(|o| {
                let label = format!("{} — {}", o.display_name, load_text(l, o.learners, o.capacity));
                view! { <option value=o.user_id>{label}</option> }
            })
            .collect_view();
        view! {
            <form method="post" action=ReassignCohort::PATH class="inline">
                <input type="hidden" name="cohort" value=d.cohort_id/>
                <label for=id.clone()>{td_string!(l, trainers.reassign_to)}</label>" "
                <select id=id name="trainer" translate="no">{options}</select>" "
                <button type="submit" class="button secondary">{td_string!(l, trainers.reassign_submit)}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <li>
            <strong translate="no">{d.name}</strong>
            {body}
        </li>
    }
}

fn week_row(l: Locale, w: TrainerWeek) -> impl IntoView + use<> {
    view! {
        <tr>
            <th scope="row">{text::date(l, w.starts_on)}</th>
            <td class="num">{text::number(l, w.graded)}</td>
            <td class="num">{text::span(l, w.median_hours)}</td>
        </tr>
    }
}

#[component]
fn Trainer(detail: TrainerDetail, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let r = detail.record;
    let id = r.user_id;
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    let whole = flash.error(Field::Whole).map(|p| text::problem(l, p));
    let more = (detail.cohorts_total > detail.cohorts.len() as i64)
        .then(|| td_string!(l, trainers.cohorts_more, shown = detail.cohorts.len() as i64, total = detail.cohorts_total).to_string());
    let cohorts = cohort_table(
        l,
        "trainer-cohorts",
        td_string!(l, trainers.cohorts).to_string(),
        Beside::Client,
        detail.cohorts,
        td_string!(l, trainers.no_cohorts).to_string(),
        more,
    );
    let reassign = (!detail.destinations.is_empty()).then(|| {
        view! {
            <section class="panel" id="reassign">
                <h2>{td_string!(l, trainers.reassign)}</h2>
                <p class="hint">{td_string!(l, trainers.reassign_hint)}</p>
                <ul class="moves">{detail.destinations.into_iter().map(|d| move_form(l, d)).collect_view()}</ul>
            </section>
        }
    });
    let week_count = i64::from(WEEKS);
    let summary = chart::trainer_weeks_summary(l, &detail.weeks);
    let option_json = chart::trainer_weeks(l, &detail.weeks);
    let switch = if r.active {
        view! {
            <form method="post" action=SetTrainerActive::PATH id="deactivate">
                <input type="hidden" name="trainer" value=id/>
                <input type="hidden" name="enabled" value="false"/>
                <p class="hint">{td_string!(l, trainers.deactivate_hint)}</p>
                <button type="submit" class="button danger">{td_string!(l, trainers.deactivate)}</button>
            </form>
        }
        .into_any()
    } else {
        view! {
            <form method="post" action=SetTrainerActive::PATH id="reactivate">
                <input type="hidden" name="trainer" value=id/>
                <input type="hidden" name="enabled" value="true"/>
                <button type="submit" class="button secondary">{td_string!(l, trainers.reactivate)}</button>
            </form>
        }
        .into_any()
    };
    let capacity_flash = if flash.error(Field::Capacity).is_some() {
        flash.clone()
    } else {
        flash.clone().with_value(Field::Capacity, &r.capacity.to_string())
    };
    view! {
        <AppLayout title=td_string!(l, trainers.title_trainer).to_string() user=(Role::Operations, detail.viewer_name.clone())>
            <h1 translate="no">{r.display_name.clone()}</h1>
            <FormMessage error=whole notice/>
            <section class="panel" id="trainer-details">
                <h2>{td_string!(l, trainers.details)}</h2>
                <dl class="facts">
                    <dt>{td_string!(l, trainers.email)}</dt><dd translate="no">{r.email.clone()}</dd>
                    <dt>{td_string!(l, clients.col_status)}</dt>
                    <dd id="trainer-status">{if r.active { td_string!(l, trainers.active) } else { td_string!(l, trainers.inactive) }}</dd>
                    <dt>{td_string!(l, trainers.joined)}</dt><dd>{text::date(l, r.joined_on)}</dd>
                    <dt>{td_string!(l, trainers.col_load)}</dt><dd id="trainer-load">{load_text(l, r.learners, r.capacity)}</dd>
                </dl>
                <form method="post" action=SetTrainerCapacity::PATH id="capacity" class="narrow" novalidate=true>
                    <input type="hidden" name="trainer" value=id/>
                    <TextField field=Field::Capacity label=td_string!(l, trainers.capacity).to_string() kind="text" autocomplete="off"
                        flash=capacity_flash hint=Some(td_string!(l, trainers.capacity_hint).to_string())/>
                    <button type="submit" class="button secondary">{td_string!(l, trainers.capacity_save)}</button>
                </form>
                {switch}
            </section>
            <section class="panel">
                <h2>{td_string!(l, trainers.cohorts)}</h2>
                {cohorts}
            </section>
            {reassign}
            {approvals_form(l, id, detail.approvals)}
            <section class="panel" id="trainer-weeks">
                <h2>{td_string!(l, trainers.weeks, n = week_count)}</h2>
                <Chart label=td_string!(l, trainers.weeks_label, n = week_count).to_string() summary option_json/>
                <TableFrame label=td_string!(l, trainers.weeks, n = week_count).to_string()>
                    <table id="trainer-weeks-table">
                        <thead><tr>
                            <th scope="col">{td_string!(l, trainers.col_week)}</th>
                            <th scope="col" class="num">{td_string!(l, trainers.col_graded)}</th>
                            <th scope="col" class="num">{td_string!(l, trainers.col_median_hours)}</th>
                        </tr></thead>
                        <tbody>{detail.weeks.into_iter().map(|w| week_row(l, w)).collect_view()}</tbody>
                    </table>
                </TableFrame>
            </section>
            <PerformanceFigures p=detail.performance own=false/>
            <p><a href="/ops/trainers">{td_string!(l, trainers.back_to_list)}</a></p>
            <ChartScripts/>
        </AppLayout>
    }
}
