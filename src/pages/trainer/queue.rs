//! `/train/queue`: the grading queue with its filters (a GET form, so every view is a link) and
//! keyset pages (`?after=`).

use crate::api::account::session::take_form_flash;
use crate::api::trainer::queue::get_queue;
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::td_string;
use crate::model::CONTENT_LANGUAGE;
use crate::model::forms::{Form, FormFlash};
use crate::model::trainer::{GradingQueue, QueueItem, QueueSort, QueueView};
use crate::server::request::query_param;
use crate::ui::components::form::FormMessage;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;

#[component]
pub fn QueuePage() -> impl IntoView {
    let v = queue_view_from_query();
    // A cursor that is not a number is an edited link: the first page serves it.
    let after = query_param("after").and_then(|v| v.parse::<i64>().ok());
    let load = async move {
        let q = get_queue(v.cohort, v.assessment, Some(v.flagged_only), Some(v.sort.as_str().to_owned()), after).await?;
        // "Save and next" at the end of the queue comes back here with its notice.
        let flash = take_form_flash(Form::Grading).await?;
        Ok::<_, AppError>((q, flash))
    };
    data_page(load, |(q, flash)| view! { <Queue q flash/> })
}

/// The queue view named by this request's query string.
pub fn queue_view_from_query() -> QueueView {
    QueueView::parse(
        query_param("cohort").as_deref(),
        query_param("assessment").as_deref(),
        query_param("flagged").as_deref(),
        query_param("sort").as_deref(),
    )
}

#[component]
fn Queue(q: GradingQueue, flash: Option<FormFlash>) -> impl IntoView {
    let l = use_locale();
    let notice = flash.and_then(|f| f.notice).map(|n| text::notice(l, &n));
    let filters = q.view.query();
    let row_filters = filters.clone();
    let sort_label = |s: QueueSort| match s {
        QueueSort::Oldest => td_string!(l, queue.sort_oldest).to_string(),
        QueueSort::Uncertain => td_string!(l, queue.sort_uncertain).to_string(),
    };
    let sorts = QueueSort::all()
        .map(|s| view! { <option value=s.as_str() selected=(s == q.view.sort).then_some(true)>{sort_label(s)}</option> })
        .collect_view();
    let cohorts = q
        .cohorts
        .iter()
        .map(|c| view! { <option value=c.id.to_string() selected=(Some(c.id) == q.view.cohort).then_some(true) translate="no">{c.label.clone()}</option> })
        .collect_view();
    let assessments = q
        .assessments
        .iter()
        .map(|a| view! { <option value=a.id.to_string() selected=(Some(a.id) == q.view.assessment).then_some(true) lang=CONTENT_LANGUAGE.code()>{a.label.clone()}</option> })
        .collect_view();
    let table = if q.items.is_empty() && q.after.is_some() {
        view! { <p class="empty">{td_string!(l, queue.page_gone)}" "<a href=format!("/train/queue?{filters}")>{td_string!(l, queue.first_page)}</a></p> }.into_any()
    } else if q.items.is_empty() {
        view! { <p class="empty" id="queue-empty">{td_string!(l, queue.empty)}</p> }.into_any()
    } else {
        view! {
            <TableFrame label=td_string!(l, queue.heading).to_string()>
                <table id="queue">
                    <thead><tr>
                        <th scope="col">{td_string!(l, train.col_learner)}</th>
                        <th scope="col">{td_string!(l, train.col_assessment)}</th>
                        <th scope="col">{td_string!(l, train.col_cohort)}</th>
                        <th scope="col" class="num">{td_string!(l, train.col_waiting)}</th>
                        <th scope="col" class="num">{td_string!(l, train.col_prescore)}</th>
                        <th scope="col">{td_string!(l, train.col_flag)}</th>
                    </tr></thead>
                    <tbody>{q.items.into_iter().map(|i| view! { <Row i filters=row_filters.clone()/> }).collect_view()}</tbody>
                </table>
            </TableFrame>
        }
        .into_any()
    };
    let first =
        q.after.map(|_| view! { <a class="button secondary" href=format!("/train/queue?{filters}")>{td_string!(l, queue.first_page)}</a> });
    let next = q.next_after.map(|n| {
        view! { <a class="button secondary" id="next-page" href=format!("/train/queue?{filters}&after={n}")>{td_string!(l, queue.next_page)}</a> }
    });
    view! {
        <AppLayout title=td_string!(l, queue.title).to_string() user=(Role::Trainer, q.viewer_name.clone())>
            <h1>{td_string!(l, queue.heading)}</h1>
            <FormMessage notice/>
            <section class="panel">
                <form method="get" action="/train/queue" class="filters">
                    <div class="field">
                        <label for="queue-cohort">{td_string!(l, train.col_cohort)}</label>
                        <select id="queue-cohort" name="cohort"><option value="">{td_string!(l, queue.all_cohorts)}</option>{cohorts}</select>
                    </div>
                    <div class="field">
                        <label for="queue-assessment">{td_string!(l, train.col_assessment)}</label>
                        <select id="queue-assessment" name="assessment"><option value="">{td_string!(l, queue.all_assessments)}</option>{assessments}</select>
                    </div>
                    <div class="field">
                        <label for="queue-sort">{td_string!(l, queue.order)}</label>
                        <select id="queue-sort" name="sort">{sorts}</select>
                    </div>
                    <div class="field check">
                        <input id="queue-flagged" name="flagged" type="checkbox" value="1" checked=q.view.flagged_only/>
                        <label for="queue-flagged">{td_string!(l, queue.flagged_only)}</label>
                    </div>
                    <div class="actions"><button type="submit" class="button secondary">{td_string!(l, queue.apply)}</button></div>
                </form>
                <p class="value" id="pending-count">{td_string!(l, train.pending, count = q.total)}</p>
                {table}
                {(first.is_some() || next.is_some()).then(|| view! { <p class="pager">{first}" "{next}</p> })}
            </section>
            <p><a href="/train">{td_string!(l, queue.back)}</a></p>
        </AppLayout>
    }
}

#[component]
fn Row(i: QueueItem, filters: String) -> impl IntoView {
    let l = use_locale();
    let prescore = match (i.ai_score, i.ai_confidence) {
        (Some(s), Some(c)) => td_string!(l, queue.prescore_sure, score = i64::from(s), sure = i64::from(c)).to_string(),
        (Some(s), None) => text::number(l, s.into()),
        (None, _) => td_string!(l, train.no_prescore).to_string(),
    };
    view! {
        <tr data-submission=i.submission_id.to_string()>
            <th scope="row" translate="no"><a class="cell-link" href=format!("/train/submissions/{}?{filters}", i.submission_id)>{i.learner_name}</a></th>
            <td lang=CONTENT_LANGUAGE.code()>{i.assessment_title}</td>
            <td translate="no">{i.cohort_name}</td>
            <td class="num">{text::days(l, i.waiting_days)}</td>
            <td class="num">{prescore}</td>
            <td>{if i.flagged { td_string!(l, train.flagged) } else { td_string!(l, train.not_flagged) }}</td>
        </tr>
    }
}
