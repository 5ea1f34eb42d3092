//! `/train`: the trainer's cohorts and the grading queue, oldest first; `?cohort=ID` narrows the
//! queue to one of the trainer's own cohorts.

use crate::api::trainer::console::get_trainer_console;
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::{td, td_string};
use crate::model::CONTENT_LANGUAGE;
use crate::model::trainer::{CohortSummary, PendingSubmission, TrainerConsole};
use crate::server::request::query_param;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::{PageError, data_page};
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;

#[component]
pub fn TrainerConsolePage() -> impl IntoView {
    let cohort = query_param("cohort");
    match cohort.map(|c| c.parse::<i64>()) {
        Some(Err(_)) => view! { <PageError error=AppError::NotFound/> }.into_any(),
        Some(Ok(id)) => data_page(get_trainer_console(Some(id)), |c| view! { <Console c/> }).into_any(),
        None => data_page(get_trainer_console(None), |c| view! { <Console c/> }).into_any(),
    }
}

#[component]
fn Console(c: TrainerConsole) -> impl IntoView {
    let l = use_locale();
    let cohorts = if c.cohorts.is_empty() {
        view! { <p class="empty">{td_string!(l, train.cohorts_empty)}</p> }.into_any()
    } else {
        view! {
            <TableFrame label=td_string!(l, train.cohorts).to_string()>
                <table id="cohorts">
                    <thead><tr>
                        <th scope="col">{td_string!(l, train.col_cohort)}</th>
                        <th scope="col">{td_string!(l, train.col_sponsor)}</th>
                        <th scope="col">{td_string!(l, train.col_path)}</th>
                        <th scope="col">{td_string!(l, train.col_status)}</th>
                        <th scope="col">{td_string!(l, train.col_dates)}</th>
                        <th scope="col" class="num">{td_string!(l, train.col_learners)}</th>
                        <th scope="col" class="num">{td_string!(l, train.col_progress)}</th>
                        <th scope="col" class="num">{td_string!(l, train.col_to_grade)}</th>
                        <th scope="col" class="num">{td_string!(l, train.col_at_risk)}</th>
                    </tr></thead>
                    <tbody>{c.cohorts.into_iter().map(|k| view! { <CohortRow k/> }).collect_view()}</tbody>
                </table>
            </TableFrame>
        }
        .into_any()
    };
    let shown = c.pending.len() as i64;
    let queue = if c.pending.is_empty() {
        view! { <p class="empty">{td_string!(l, train.queue_empty)}</p> }.into_any()
    } else {
        view! {
            <TableFrame label=td_string!(l, train.waiting).to_string()>
                <table id="queue">
                    <thead><tr>
                        <th scope="col">{td_string!(l, train.col_learner)}</th>
                        <th scope="col">{td_string!(l, train.col_assessment)}</th>
                        <th scope="col">{td_string!(l, train.col_cohort)}</th>
                        <th scope="col" class="num">{td_string!(l, train.col_waiting)}</th>
                        <th scope="col" class="num">{td_string!(l, train.col_prescore)}</th>
                        <th scope="col">{td_string!(l, train.col_flag)}</th>
                    </tr></thead>
                    <tbody>{c.pending.into_iter().map(|p| view! { <QueueRow p/> }).collect_view()}</tbody>
                </table>
            </TableFrame>
            {(c.pending_count > shown).then(|| view! {
                <p class="meta">{td_string!(l, train.showing_oldest, shown = shown, total = c.pending_count)}</p>
            })}
        }
        .into_any()
    };
    let filter = c.filter.map(|f| {
        view! {
            <p class="filter" id="queue-filter">
                {td!(l, train.filtered_to, cohort = move || view! { <span translate="no">{f.cohort_name.clone()}</span> })}" "
                <a href="/train#waiting">{td_string!(l, train.show_all)}</a>
            </p>
        }
    });
    view! {
        <AppLayout title=td_string!(l, train.title).to_string() user=(Role::Trainer, c.display_name.clone())>
            <h1>{td_string!(l, train.heading)}</h1>
            <section class="panel">
                <h2>{td_string!(l, train.cohorts)}</h2>
                <p>
                    <a class="button" id="new-cohort" href="/train/cohorts/new">{td_string!(l, train.new_cohort)}</a>" "
                    <a class="button secondary" id="open-at-risk" href="/train/at-risk">{td_string!(l, train.open_at_risk)}</a>
                </p>
                {cohorts}
            </section>
            <section class="panel" id="waiting">
                <h2>{td_string!(l, train.waiting)}</h2>
                {filter}
                <p class="value" id="pending-count">{td_string!(l, train.pending, count = c.pending_count)}</p>
                <p><a class="button" id="open-queue" href="/train/queue">{td_string!(l, train.open_queue)}</a></p>
                {queue}
            </section>
        </AppLayout>
    }
}

#[component]
fn CohortRow(k: CohortSummary) -> impl IntoView {
    let l = use_locale();
    let name = k.name.clone();
    let queue_label = td!(
        l,
        train.queue_of,
        cohort = {
            let name = name.clone();
            move || view! { <span translate="no">{name.clone()}</span> }
        }
    );
    let risk_label = td!(l, train.at_risk_of, cohort = move || view! { <span translate="no">{name.clone()}</span> });
    view! {
        <tr>
            <th scope="row">
                <a href=format!("/train/cohorts/{}", k.cohort_id) translate="no">{k.name}</a><br/>
                <a class="cell-link" href=format!("/train/cohorts/{}/pins", k.cohort_id)>{td_string!(l, pins.manage)}</a>
            </th>
            <td translate="no">{k.client_name}</td>
            <td lang=CONTENT_LANGUAGE.code()>{k.path_title}</td>
            <td>{text::cohort_status(l, k.status)}</td>
            <td>{td_string!(l, cohort.date_range, from = text::date(l, k.starts_on), to = text::date(l, k.ends_on))}</td>
            <td class="num">{text::number(l, k.learner_count)}</td>
            <td class="num">{text::percent(l, k.average_percent)}</td>
            <td class="num">
                <a class="cell-link" href=format!("/train/queue?cohort={}", k.cohort_id)>
                    {text::number(l, k.pending)}<span class="visually-hidden">" "{queue_label}</span>
                </a>
            </td>
            <td class="num">
                <a class="cell-link" href=format!("/train/at-risk?cohort={}", k.cohort_id)>
                    {text::number(l, k.at_risk)}<span class="visually-hidden">" "{risk_label}</span>
                </a>
            </td>
        </tr>
    }
}

#[component]
fn QueueRow(p: PendingSubmission) -> impl IntoView {
    let l = use_locale();
    view! {
        <tr>
            <th scope="row" translate="no"><a class="cell-link" href=format!("/train/submissions/{}", p.submission_id)>{p.learner_name}</a></th>
            <td lang=CONTENT_LANGUAGE.code()>{p.assessment_title}</td>
            <td translate="no">{p.cohort_name}</td>
            <td class="num">{text::days(l, p.waiting_days)}</td>
            <td class="num">{p.ai_score.map(|s| text::number(l, s.into())).unwrap_or_else(|| td_string!(l, train.no_prescore).to_string())}</td>
            <td>{if p.flagged { td_string!(l, train.flagged) } else { td_string!(l, train.not_flagged) }}</td>
        </tr>
    }
}
