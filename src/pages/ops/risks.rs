//! `/ops/risks`: risk tickets by status (unresolved by default, soonest due first, overdue ones
//! marked) and the running cohorts where the risk model flags enough learners to call for a
//! ticket, each with its figures and a link to open one.

use crate::api::ops::risks::{PROPOSALS_SHOWN, list_risks};
use crate::auth::Role;
use crate::domain::progress::share_percent;
use crate::domain::ticket::{PROPOSE_MIN_LISTED, PROPOSE_MIN_SHARE, overdue};
use crate::i18n::{Locale, td_string};
use crate::model::ops::{OwnerChoice, RiskProposal, RiskStatus, RiskTicketRow, RisksView, TicketFilter};
use crate::server::request::query_param;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

#[component]
pub fn RisksPage() -> impl IntoView {
    data_page(list_risks(query_param("status")), |view| view! { <Risks view/> })
}

/// When a ticket is due, said against now: overdue ones stand out.
pub fn due_text(l: Locale, status: RiskStatus, due: DateTime<Utc>, now: DateTime<Utc>) -> impl IntoView + use<> {
    let day = text::date(l, due.date_naive());
    if overdue(status, due, now) {
        let late = (now - due).num_days();
        view! { <span class="warn">{td_string!(l, tickets.overdue_since, date = day, count = late)}</span> }.into_any()
    } else {
        view! { <span>{day}</span> }.into_any()
    }
}

/// The owners a ticket can be given to, as select options; the cohort's trainer says so.
pub fn owner_options(l: Locale, owners: &[OwnerChoice]) -> Vec<(String, String)> {
    owners
        .iter()
        .map(|o| {
            let label = if o.trainer { td_string!(l, tickets.owner_trainer, name = o.name.clone()).to_string() } else { o.name.clone() };
            (o.user_id.to_string(), label)
        })
        .collect()
}

fn tabs(l: Locale, current: TicketFilter) -> impl IntoView + use<> {
    let tab = |filter: TicketFilter, href: &'static str, label: String| {
        let here = (filter == current).then_some("page");
        view! { <a href=href aria-current=here>{label}</a> }
    };
    view! {
        <nav class="tabs" aria-label=td_string!(l, tickets.tabs)>
            {tab(TicketFilter::Unresolved, "/ops/risks", td_string!(l, tickets.tab_unresolved).to_string())}
            {tab(TicketFilter::Only(RiskStatus::Open), "/ops/risks?status=open", text::risk_status(l, RiskStatus::Open))}
            {tab(TicketFilter::Only(RiskStatus::InProgress), "/ops/risks?status=in_progress", text::risk_status(l, RiskStatus::InProgress))}
            {tab(TicketFilter::Only(RiskStatus::Resolved), "/ops/risks?status=resolved", text::risk_status(l, RiskStatus::Resolved))}
        </nav>
    }
}

#[component]
fn Risks(view: RisksView) -> impl IntoView {
    let l = use_locale();
    let now = view.now;
    let shown = view.tickets.len() as i64;
    let tickets = if view.tickets.is_empty() {
        view! { <p class="empty">{td_string!(l, tickets.empty)}</p> }.into_any()
    } else {
        view! {
            <TableFrame label=td_string!(l, tickets.list).to_string()>
                <table id="tickets">
                    <thead><tr>
                        <th scope="col">{td_string!(l, tickets.col_ticket)}</th>
                        <th scope="col">{td_string!(l, tickets.col_severity)}</th>
                        <th scope="col">{td_string!(l, tickets.col_status)}</th>
                        <th scope="col">{td_string!(l, tickets.col_where)}</th>
                        <th scope="col">{td_string!(l, tickets.col_owner)}</th>
                        <th scope="col">{td_string!(l, tickets.col_due)}</th>
                        <th scope="col" class="num">{td_string!(l, tickets.col_learners)}</th>
                    </tr></thead>
                    <tbody>{view.tickets.into_iter().map(|t| ticket_row(l, t, now)).collect_view()}</tbody>
                </table>
            </TableFrame>
        }
        .into_any()
    };
    let more = (view.tickets_total > shown)
        .then(|| view! { <p class="hint">{td_string!(l, tickets.more, shown = shown, total = view.tickets_total)}</p> });
    let overdue = (view.overdue > 0).then(|| {
        view! { <p class="banner error" id="overdue" role="status">{td_string!(l, tickets.overdue_count, count = view.overdue)}</p> }
    });
    let rule =
        td_string!(l, tickets.proposals_rule, count = PROPOSE_MIN_LISTED, share = text::percent(l, share_percent(PROPOSE_MIN_SHARE)))
            .to_string();
    let proposals = if view.proposals.is_empty() {
        view! { <p class="empty">{td_string!(l, tickets.proposals_empty)}</p> }.into_any()
    } else {
        view! {
            <TableFrame label=td_string!(l, tickets.proposals).to_string()>
                <table id="proposals">
                    <thead><tr>
                        <th scope="col">{td_string!(l, tickets.col_cohort)}</th>
                        <th scope="col">{td_string!(l, tickets.col_trainer)}</th>
                        <th scope="col" class="num">{td_string!(l, tickets.col_flagged)}</th>
                        <th scope="col" class="num">{td_string!(l, tickets.col_mean_risk)}</th>
                        <th scope="col">{td_string!(l, tickets.col_reason)}</th>
                        <th scope="col">{td_string!(l, tickets.col_proposed)}</th>
                        <th scope="col"><span class="visually-hidden">{td_string!(l, tickets.col_open)}</span></th>
                    </tr></thead>
                    <tbody>{view.proposals.into_iter().map(|p| proposal_row(l, p)).collect_view()}</tbody>
                </table>
            </TableFrame>
        }
        .into_any()
    };
    let proposals_more = (view.proposals_total > PROPOSALS_SHOWN as i64).then(|| {
        view! { <p class="hint">{td_string!(l, tickets.more, shown = PROPOSALS_SHOWN as i64, total = view.proposals_total)}</p> }
    });
    view! {
        <AppLayout title=td_string!(l, tickets.title).to_string() user=(Role::Operations, view.viewer_name.clone())>
            <h1>{td_string!(l, tickets.heading)}</h1>
            {overdue}
            <p><a class="button" href="/ops/risks/new" id="new-ticket">{td_string!(l, tickets.add)}</a></p>
            <section class="panel" aria-labelledby="tickets-heading">
                <h2 id="tickets-heading">{td_string!(l, tickets.list)}</h2>
                {tabs(l, view.filter)}
                {tickets}
                {more}
                <p class="hint">{td_string!(l, tickets.sla)}</p>
            </section>
            <section class="panel" aria-labelledby="proposals-heading">
                <h2 id="proposals-heading">{td_string!(l, tickets.proposals)}</h2>
                <p class="hint">{rule}</p>
                {view.flags_counted_at.map(|at| view! { <p class="hint" id="flags-counted">{td_string!(l, tickets.counted_at, time = text::utc(at))}</p> })}
                {proposals}
                {proposals_more}
            </section>
        </AppLayout>
    }
}

fn ticket_row(l: Locale, t: RiskTicketRow, now: DateTime<Utc>) -> impl IntoView + use<> {
    let place = match (t.cohort_name, t.client_name) {
        (Some(c), Some(o)) => format!("{c} · {o}"),
        (Some(c), None) => c,
        (None, Some(o)) => o,
        (None, None) => "—".to_owned(),
    };
    view! {
        <tr>
            <th scope="row">
                <a class="row-link" href=format!("/ops/risks/{}", t.ticket_id) translate="no">{t.title}</a>
                <span class="detail">" "{text::risk_kind(l, t.kind)}</span>
            </th>
            <td><span class=format!("severity {}", t.severity.as_str())>{text::risk_severity(l, t.severity)}</span></td>
            <td>{text::risk_status(l, t.status)}</td>
            <td translate="no">{place}</td>
            <td translate="no">{t.owner_name.unwrap_or_else(|| "—".to_owned())}</td>
            <td>{due_text(l, t.status, t.due_at, now)}</td>
            <td class="num">{text::number(l, t.affected)}</td>
        </tr>
    }
}

fn proposal_row(l: Locale, proposal: RiskProposal) -> impl IntoView + use<> {
    let (p, severity) = (proposal.cohort, proposal.severity);
    let share = text::percent(l, share_percent(p.listed as f64 / p.members.max(1) as f64));
    let flagged =
        td_string!(l, tickets.flagged_of, listed = text::number(l, p.listed), members = text::number(l, p.members), share = share)
            .to_string();
    let reason = match p.top_reason {
        Some((factor, n)) => td_string!(l, tickets.top_reason, reason = text::risk_factor(l, factor), count = n).to_string(),
        None => "—".to_owned(),
    };
    view! {
        <tr>
            <th scope="row"><span translate="no">{p.cohort_name}</span><span class="detail" translate="no">" "{p.client_name}</span></th>
            <td translate="no">{p.trainer_name.unwrap_or_else(|| "—".to_owned())}</td>
            <td class="num">{flagged}</td>
            <td class="num">{text::percent(l, share_percent(p.mean_score))}</td>
            <td>{reason}</td>
            <td><span class=format!("severity {}", severity.as_str())>{text::risk_severity(l, severity)}</span></td>
            <td><a class="button secondary" href=format!("/ops/risks/new?cohort={}", p.cohort_id)>{td_string!(l, tickets.open_from)}</a></td>
        </tr>
    }
}
