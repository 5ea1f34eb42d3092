//! `/ops/risks/{id}`: one risk ticket: what it is about and what to do, its owner and due time,
//! the status moves it may make next (resolving asks how it was resolved), its learners with
//! their risk now, and, once resolved, how many of them learned again within the window.

use crate::api::account::session::take_form_flash;
use crate::api::ops::risks::{AssignRisk, MoveRisk, get_risk};
use crate::auth::Role;
use crate::domain::progress::share_percent;
use crate::domain::ticket::{NOTE_MAX_CHARS, RECOVERY_DAYS, moves, recovery_window_ends, sla_hours};
use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use crate::model::forms::{Field, Form, FormFlash};
use crate::model::ops::{AffectedLearner, RiskStatus, RiskTicket, RiskTicketDetail};
use crate::pages::ops::risks::{due_text, owner_options};
use crate::ui::components::form::{FormMessage, SelectField, TextArea};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::{PageError, data_page};
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RiskPage() -> impl IntoView {
    let Some(id) = use_params_map().with_untracked(|p| p.get("id")).and_then(|id| id.parse::<i64>().ok()) else {
        return view! { <PageError error=AppError::NotFound/> }.into_any();
    };
    let load = async move {
        let detail = get_risk(id).await?;
        let flash = take_form_flash(Form::Risk).await?;
        Ok::<_, AppError>((detail, flash))
    };
    data_page(load, |(detail, flash)| view! { <Risk detail flash/> }).into_any()
}

fn moment(l: Locale, at: Option<chrono::DateTime<chrono::Utc>>) -> String {
    at.map(|t| text::date(l, t.date_naive())).unwrap_or_else(|| "—".to_owned())
}

fn move_button(id: String, to: RiskStatus, label: String, form_id: &'static str, class: &'static str) -> impl IntoView + use<> {
    view! {
        <form method="post" action=MoveRisk::PATH id=form_id>
            <input type="hidden" name="ticket" value=id/>
            <input type="hidden" name="to" value=to.as_str()/>
            <button type="submit" class=class>{label}</button>
        </form>
    }
}

/// The buttons for the moves the ticket's machine allows from where it is.
fn status_forms(l: Locale, t: &RiskTicket, flash: &FormFlash) -> impl IntoView + use<> {
    let id = t.ticket_id.to_string();
    let next = moves(t.status);
    if next.is_empty() {
        return view! { <p class="hint" id="ticket-final">{td_string!(l, tickets.final_hint)}</p> }.into_any();
    }
    let forms = next
        .iter()
        .map(|&to| {
            let id = id.clone();
            match to {
                RiskStatus::Resolved => view! {
                    <form method="post" action=MoveRisk::PATH id="resolve" class="narrow" novalidate=true>
                        <input type="hidden" name="ticket" value=id/>
                        <input type="hidden" name="to" value=to.as_str()/>
                        <TextArea field=Field::Note label=td_string!(l, tickets.resolution_note).to_string() flash=flash.clone()
                            max=NOTE_MAX_CHARS/>
                        <button type="submit" class="button">{td_string!(l, tickets.resolve)}</button>
                    </form>
                }
                .into_any(),
                RiskStatus::InProgress => move_button(id, to, td_string!(l, tickets.start).to_string(), "start", "button").into_any(),
                RiskStatus::Open => {
                    move_button(id, to, td_string!(l, tickets.hand_back).to_string(), "reopen", "button secondary").into_any()
                }
            }
        })
        .collect_view();
    view! { <div class="actions">{forms}</div> }.into_any()
}

fn owner_form(l: Locale, detail: &RiskTicketDetail, flash: &FormFlash) -> impl IntoView + use<> {
    let t = &detail.ticket;
    if t.status == RiskStatus::Resolved {
        return ().into_any();
    }
    let options = owner_options(l, &detail.owners);
    let flash = if flash.error(Field::Owner).is_some() {
        flash.clone()
    } else {
        flash.clone().with_value(Field::Owner, &t.owner.as_ref().map(|o| o.0.to_string()).unwrap_or_default())
    };
    view! {
        <form method="post" action=AssignRisk::PATH id="assign" class="narrow" novalidate=true>
            <input type="hidden" name="ticket" value=t.ticket_id.to_string()/>
            <SelectField field=Field::Owner label=td_string!(l, tickets.owner).to_string() options flash names=true
                placeholder=Some(td_string!(l, tickets.owner_choose).to_string()) hint=Some(td_string!(l, tickets.owner_hint).to_string())/>
            <button type="submit" class="button secondary">{td_string!(l, tickets.assign)}</button>
        </form>
    }
    .into_any()
}

fn recovery(l: Locale, detail: &RiskTicketDetail) -> impl IntoView + use<> {
    let (Some(recovered), Some(resolved_at)) = (detail.recovered, detail.ticket.resolved_at) else {
        return ().into_any();
    };
    let total = detail.learners_total;
    let figure = if total == 0 {
        td_string!(l, tickets.recovery_none).to_string()
    } else {
        td_string!(
            l,
            tickets.recovery,
            active = text::number(l, recovered),
            total = text::number(l, total),
            share = text::percent(l, share_percent(recovered as f64 / total as f64)),
            days = RECOVERY_DAYS
        )
        .to_string()
    };
    let ends = recovery_window_ends(resolved_at);
    let window = (ends > detail.now)
        .then(|| view! { <p class="hint">{td_string!(l, tickets.recovery_open, date = text::date(l, ends.date_naive()))}</p> });
    view! {
        <section class="panel" id="recovery">
            <h2>{td_string!(l, tickets.recovery_heading)}</h2>
            <p class="value" id="recovery-figure">{figure}</p>
            <p class="hint">{td_string!(l, tickets.recovery_def, days = RECOVERY_DAYS)}</p>
            {window}
        </section>
    }
    .into_any()
}

fn learner_row(l: Locale, a: AffectedLearner) -> impl IntoView + use<> {
    let risk = a.score.map(|s| text::percent(l, share_percent(f64::from(s)))).unwrap_or_else(|| "—".to_owned());
    let flagged = if a.at_risk { td_string!(l, tickets.still_flagged) } else { td_string!(l, tickets.not_flagged) };
    view! {
        <tr>
            <th scope="row" translate="no">{a.name}</th>
            <td class="num">{risk}</td>
            <td>{flagged}</td>
            <td>{moment(l, a.last_active)}</td>
        </tr>
    }
}

#[component]
fn Risk(detail: RiskTicketDetail, flash: Option<FormFlash>) -> impl IntoView {
    let l = use_locale();
    let flash = flash.unwrap_or_else(|| FormFlash::new(Form::Risk));
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    let error = flash.error(Field::Whole).map(|p| text::problem(l, p));
    let t = detail.ticket.clone();
    let now = detail.now;
    let sla = td_string!(l, tickets.sla_of, hours = sla_hours(t.severity)).to_string();
    let place = match t.client.clone() {
        Some((id, name)) => view! { <a href=format!("/ops/clients/{id}") translate="no">{name}</a> }.into_any(),
        None => "—".into_any(),
    };
    let opened = match &t.opened_by {
        Some(by) => td_string!(l, tickets.opened_by, date = moment(l, Some(t.opened_at)), name = by.clone()).to_string(),
        None => moment(l, Some(t.opened_at)),
    };
    let shown = detail.learners.len() as i64;
    let rows = detail.learners.clone();
    let learners = if detail.learners.is_empty() {
        view! { <p class="empty">{td_string!(l, tickets.no_learners)}</p> }.into_any()
    } else {
        let more = (detail.learners_total > shown)
            .then(|| view! { <p class="hint">{td_string!(l, tickets.more, shown = shown, total = detail.learners_total)}</p> });
        view! {
            <TableFrame label=td_string!(l, tickets.learners).to_string()>
                <table id="ticket-learners">
                    <thead><tr>
                        <th scope="col">{td_string!(l, tickets.col_learner)}</th>
                        <th scope="col" class="num">{td_string!(l, tickets.col_risk_now)}</th>
                        <th scope="col">{td_string!(l, tickets.col_flagged_now)}</th>
                        <th scope="col">{td_string!(l, tickets.col_last_active)}</th>
                    </tr></thead>
                    <tbody>{rows.into_iter().map(|a| learner_row(l, a)).collect_view()}</tbody>
                </table>
            </TableFrame>
            {more}
        }
        .into_any()
    };
    view! {
        <AppLayout title=td_string!(l, tickets.title_ticket).to_string() user=(Role::Operations, detail.viewer_name.clone())>
            <h1 translate="no">{t.title.clone()}</h1>
            <FormMessage error notice/>
            <section class="panel" id="ticket-details">
                <h2>{td_string!(l, tickets.details)}</h2>
                <dl class="facts">
                    <dt>{td_string!(l, tickets.col_status)}</dt><dd id="ticket-status">{text::risk_status(l, t.status)}</dd>
                    <dt>{td_string!(l, tickets.col_severity)}</dt>
                    <dd><span class=format!("severity {}", t.severity.as_str())>{text::risk_severity(l, t.severity)}</span>" · "{sla}</dd>
                    <dt>{td_string!(l, tickets.kind)}</dt><dd>{text::risk_kind(l, t.kind)}</dd>
                    <dt>{td_string!(l, tickets.sponsor)}</dt><dd>{place}</dd>
                    <dt>{td_string!(l, tickets.col_cohort)}</dt><dd translate="no">{t.cohort.clone().map(|c| c.1).unwrap_or_else(|| "—".to_owned())}</dd>
                    <dt>{td_string!(l, tickets.col_owner)}</dt><dd id="ticket-owner" translate="no">{t.owner.clone().map(|o| o.1).unwrap_or_else(|| "—".to_owned())}</dd>
                    <dt>{td_string!(l, tickets.opened)}</dt><dd>{opened}</dd>
                    <dt>{td_string!(l, tickets.col_due)}</dt><dd id="ticket-due">{due_text(l, t.status, t.due_at, now)}</dd>
                    <dt>{td_string!(l, tickets.started)}</dt><dd>{moment(l, t.started_at)}</dd>
                    <dt>{td_string!(l, tickets.resolved)}</dt><dd>{moment(l, t.resolved_at)}</dd>
                    <dt>{td_string!(l, tickets.action)}</dt><dd class="notes" translate="no">{t.action.clone()}</dd>
                    <dt>{td_string!(l, tickets.resolution_note)}</dt>
                    <dd class="notes" id="ticket-note" translate="no">{t.resolution_note.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                </dl>
            </section>
            <section class="panel" id="ticket-work">
                <h2>{td_string!(l, tickets.work)}</h2>
                {status_forms(l, &t, &flash)}
                {owner_form(l, &detail, &flash)}
            </section>
            {recovery(l, &detail)}
            <section class="panel">
                <h2>{td_string!(l, tickets.learners)}</h2>
                {learners}
            </section>
            <p><a href="/ops/risks">{td_string!(l, tickets.back_to_list)}</a></p>
        </AppLayout>
    }
}
