//! `/ops/trainers`: trainers a page of 50 at a time, each with their load against capacity and
//! how their work goes (turnaround, agreement with the pre-scores, learners recovered), and a form
//! to create a trainer account.

use crate::api::account::session::take_form_flash;
use crate::api::ops::trainers::{CreateTrainer, list_trainers};
use crate::auth::Role;
use crate::domain::account::PASSWORD_MIN_CHARS;
use crate::domain::load::{load_percent, over_capacity};
use crate::domain::progress::share_percent;
use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use crate::model::forms::{Field, Form, FormFlash};
use crate::model::ops::{TrainerSummary, TrainersView};
use crate::server::request::query_param;
use crate::ui::components::form::{FormMessage, Password, PasswordScript, TextField};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn TrainersPage() -> impl IntoView {
    // A page number that is not one shows the first page.
    let page = query_param("page").and_then(|p| p.trim().parse::<i64>().ok());
    let load = async move {
        let view = list_trainers(page).await?;
        let flash = take_form_flash(Form::CreateTrainer).await?.unwrap_or_else(|| FormFlash::new(Form::CreateTrainer));
        Ok::<_, AppError>((view, flash))
    };
    data_page(load, |(view, flash)| view! { <Trainers view flash/> })
}

/// "120 of 150 (80%)", with words when the trainer has more than they can follow.
pub fn load_text(l: Locale, learners: i64, capacity: i32) -> String {
    let of = match load_percent(learners, capacity) {
        Some(p) => td_string!(
            l,
            trainers.load_of,
            learners = text::number(l, learners),
            capacity = text::number(l, i64::from(capacity)),
            percent = text::number(l, p)
        )
        .to_string(),
        None => td_string!(l, trainers.load_no_capacity, learners = text::number(l, learners)).to_string(),
    };
    if over_capacity(learners, capacity) { format!("{of} {}", td_string!(l, trainers.over_capacity)) } else { of }
}

fn row(l: Locale, t: TrainerSummary) -> impl IntoView + use<> {
    let none = || td_string!(l, perf.none).to_string();
    let over = over_capacity(t.learners, t.capacity);
    let agreement = (t.agreement_pairs > 0).then(|| text::percent(l, share_percent(t.agreement_exact as f64 / t.agreement_pairs as f64)));
    let recovery = (t.settled > 0).then(|| {
        td_string!(
            l,
            trainers.recovered_of,
            recovered = t.recovered,
            settled = t.settled,
            percent = text::percent(l, share_percent(t.recovered as f64 / t.settled as f64))
        )
        .to_string()
    });
    view! {
        <tr>
            <th scope="row">
                <a class="row-link" href=format!("/ops/trainers/{}", t.user_id) translate="no">{t.display_name}</a>
                {(!t.active).then(|| view! { " "{td_string!(l, trainers.switched_off)} })}
                <br/><span class="meta" translate="no">{t.email}</span>
            </th>
            <td class="num">{text::number(l, t.cohorts)}</td>
            <td class="num" class:warn=over>{load_text(l, t.learners, t.capacity)}</td>
            <td class="num">{text::number(l, t.pending)}</td>
            <td class="num">{text::span(l, t.median_hours)}</td>
            <td class="num">{agreement.unwrap_or_else(none)}</td>
            <td class="num">{recovery.unwrap_or_else(none)}</td>
        </tr>
    }
}

fn pager(l: Locale, page: i64, pages: i64) -> impl IntoView + use<> {
    if page > pages {
        return view! { <p><a href="/ops/trainers">{td_string!(l, trainers.first_page)}</a></p> }.into_any();
    }
    (pages > 1)
        .then(|| {
        view! {
            <nav class="pager" aria-label=td_string!(l, trainers.pages).to_string()>
                {(page > 1).then(|| view! { <a rel="prev" href=format!("/ops/trainers?page={}", page - 1)>{td_string!(l, trainers.previous)}</a> })}
                <span aria-current="page">{td_string!(l, trainers.page_of, page = page, pages = pages)}</span>
                {(page < pages).then(|| view! { <a rel="next" href=format!("/ops/trainers?page={}", page + 1)>{td_string!(l, trainers.next)}</a> })}
            </nav>
        }
        })
        .into_any()
}

#[component]
fn Trainers(view: TrainersView, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let problems = flash.has_errors().then(|| td_string!(l, trainers.not_created).to_string());
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    let pages = ((view.total + view.page_size - 1) / view.page_size).max(1);
    let table = if view.trainers.is_empty() {
        let empty =
            if view.total == 0 { td_string!(l, trainers.empty).to_string() } else { td_string!(l, trainers.page_empty).to_string() };
        view! { <p class="empty">{empty}</p> }.into_any()
    } else {
        view! {
            <TableFrame label=td_string!(l, trainers.load).to_string()>
                <table id="trainers">
                    <thead><tr>
                        <th scope="col">{td_string!(l, trainers.col_trainer)}</th>
                        <th scope="col" class="num">{td_string!(l, trainers.col_cohorts)}</th>
                        <th scope="col" class="num">{td_string!(l, trainers.col_load)}</th>
                        <th scope="col" class="num">{td_string!(l, trainers.col_to_grade)}</th>
                        <th scope="col" class="num">{td_string!(l, trainers.col_turnaround)}</th>
                        <th scope="col" class="num">{td_string!(l, trainers.col_agreement)}</th>
                        <th scope="col" class="num">{td_string!(l, trainers.col_recovery)}</th>
                    </tr></thead>
                    <tbody>{view.trainers.into_iter().map(|t| row(l, t)).collect_view()}</tbody>
                </table>
            </TableFrame>
        }
        .into_any()
    };
    view! {
        <AppLayout title=td_string!(l, trainers.title).to_string() user=(Role::Operations, view.viewer_name.clone())>
            <h1>{td_string!(l, trainers.heading)}</h1>
            <section class="panel">
                <h2>{td_string!(l, trainers.load)}</h2>
                <p class="meta">{td_string!(l, trainers.count, total = text::number(l, view.total))}</p>
                {table}
                {pager(l, view.page, pages)}
                <dl class="facts definitions">
                    <dt>{td_string!(l, trainers.col_load)}</dt><dd>{td_string!(l, trainers.def_load)}</dd>
                    <dt>{td_string!(l, trainers.col_turnaround)}</dt><dd>{td_string!(l, trainers.def_turnaround, days = view.since_days)}</dd>
                    <dt>{td_string!(l, trainers.col_agreement)}</dt><dd>{td_string!(l, trainers.def_agreement, days = view.since_days)}</dd>
                    <dt>{td_string!(l, trainers.col_recovery)}</dt><dd>{td_string!(l, trainers.def_recovery, days = view.since_days)}</dd>
                </dl>
            </section>
            <section class="panel narrow" id="create-trainer">
                <h2>{td_string!(l, trainers.create)}</h2>
                <FormMessage error=problems notice/>
                <form method="post" action=CreateTrainer::PATH novalidate=true>
                    <TextField field=Field::Name label=td_string!(l, trainers.name).to_string() autocomplete="off" flash=flash.clone()/>
                    <TextField field=Field::Email label=td_string!(l, trainers.email).to_string() kind="email" autocomplete="off"
                        flash=flash.clone()/>
                    <Password label=td_string!(l, trainers.password).to_string() autocomplete="new-password" flash
                        hint=Some(td_string!(l, trainers.password_hint, min = PASSWORD_MIN_CHARS).to_string())/>
                    <button type="submit" class="button">{td_string!(l, trainers.submit)}</button>
                </form>
            </section>
            <PasswordScript/>
        </AppLayout>
    }
}
