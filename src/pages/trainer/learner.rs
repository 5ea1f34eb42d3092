//! `/train/learners/{id}`: one of the trainer's learners — their risk and its reasons, the
//! interventions recorded for them with what they did after each (did they come back?), recording
//! and closing interventions, and messages. Every change is a plain form post.

use crate::api::account::session::take_form_flash;
use crate::api::trainer::follow_up::{CompleteIntervention, RecordIntervention, SendMessage, get_learner_follow_up};
use crate::auth::Role;
use crate::domain::follow_up::{MESSAGE_MAX_CHARS, NOTE_MAX_CHARS};
use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use crate::model::forms::{Field, Form, FormFlash};
use crate::model::trainer::{InterventionKind, InterventionStatus, InterventionView, LearnerFollowUp};
use crate::pages::trainer::at_risk::reason;
use crate::ui::components::form::{FormMessage, TextArea};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::{PageError, data_page};
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn LearnerFollowUpPage() -> impl IntoView {
    let Some(learner) = use_params_map().with_untracked(|p| p.get("id")).and_then(|id| id.parse::<i64>().ok()) else {
        return view! { <PageError error=AppError::NotFound/> }.into_any();
    };
    let load = async move {
        let page = get_learner_follow_up(learner).await?;
        let flash = take_form_flash(Form::FollowUp).await?;
        Ok::<_, AppError>((page, flash))
    };
    data_page(load, |(page, flash)| view! { <FollowUp page flash/> }).into_any()
}

pub fn kind_label(l: Locale, k: InterventionKind) -> String {
    match k {
        InterventionKind::Call => td_string!(l, follow.kind_call),
        InterventionKind::Message => td_string!(l, follow.kind_message),
        InterventionKind::Visit => td_string!(l, follow.kind_visit),
        InterventionKind::ExtraSession => td_string!(l, follow.kind_extra_session),
        InterventionKind::PeerSupport => td_string!(l, follow.kind_peer_support),
    }
    .to_string()
}

#[component]
fn FollowUp(page: LearnerFollowUp, flash: Option<FormFlash>) -> impl IntoView {
    let l = use_locale();
    let flash = flash.unwrap_or_else(|| FormFlash::new(Form::FollowUp));
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    let error = flash.error(Field::Whole).map(|p| text::problem(l, p));
    let id = page.learner_id;
    let risk = match page.risk_percent {
        None => td_string!(l, follow.no_risk).to_string(),
        Some(p) if page.at_risk => td_string!(l, follow.risk_listed, percent = text::percent(l, p)).to_string(),
        Some(p) => td_string!(l, follow.risk_not_listed, percent = text::percent(l, p)).to_string(),
    };
    let reasons = page.reasons.iter().map(|r| view! { <li>{reason(l, r)}</li> }).collect_view();
    let last = match page.last_active {
        Some(t) => text::date(l, t.date_naive()),
        None => td_string!(l, cohort.never).to_string(),
    };
    let kinds = InterventionKind::all()
        .map(|k| view! { <option value=k.as_str() selected=(k.as_str() == flash.value(Field::Kind)).then_some(true)>{kind_label(l, k)}</option> })
        .collect_view();
    let due_error = flash.error(Field::DueOn).map(|p| text::problem(l, p));
    let kind_error = flash.error(Field::Kind).map(|p| text::problem(l, p));
    let interventions = if page.interventions.is_empty() {
        view! { <p class="empty">{td_string!(l, follow.none_yet)}</p> }.into_any()
    } else {
        let items = page.interventions.into_iter().map(|i| view! { <Intervention i learner=id flash=flash.clone()/> }).collect_view();
        view! { <ol class="interventions" id="intervention-list">{items}</ol> }.into_any()
    };
    let messages = if page.messages.is_empty() {
        view! { <p class="empty">{td_string!(l, follow.no_messages)}</p> }.into_any()
    } else {
        let items = page
            .messages
            .into_iter()
            .map(|m| {
                view! {
                    <li>
                        <p class="meta">
                            {text::date(l, m.sent_at.date_naive())}" · "
                            {if m.read { td_string!(l, follow.read) } else { td_string!(l, follow.unread) }}
                        </p>
                        <p class="message-body" translate="no">{m.body}</p>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="messages" id="sent-messages">{items}</ul> }.into_any()
    };
    let name = page.name.clone();
    view! {
        <AppLayout title=td_string!(l, follow.title).to_string() user=(Role::Trainer, page.viewer_name.clone())>
            <h1 translate="no">{name}</h1>
            <FormMessage error notice/>
            <section class="panel">
                <dl class="facts">
                    <dt>{td_string!(l, follow.email)}</dt><dd translate="no">{page.email}</dd>
                    <dt>{td_string!(l, follow.cohorts)}</dt><dd translate="no">{page.cohorts.join(", ")}</dd>
                    <dt>{td_string!(l, follow.last_learned)}</dt><dd>{last}</dd>
                    <dt>{td_string!(l, follow.risk)}</dt><dd id="learner-risk">{risk}</dd>
                </dl>
                {(!page.reasons.is_empty()).then(|| view! { <ul class="reasons">{reasons}</ul> })}
            </section>
            <section class="panel" id="messages">
                <h2>{td_string!(l, follow.messages)}</h2>
                <form method="post" action=SendMessage::PATH>
                    <input type="hidden" name="learner" value=id.to_string()/>
                    <TextArea field=Field::Body label=td_string!(l, follow.message_label).to_string() flash=flash.clone() max=MESSAGE_MAX_CHARS/>
                    <p class="hint">{td_string!(l, follow.message_hint)}</p>
                    <div class="actions"><button type="submit" class="button" id="send-message">{td_string!(l, follow.send)}</button></div>
                </form>
                {messages}
            </section>
            <section class="panel" id="interventions">
                <h2>{td_string!(l, follow.interventions)}</h2>
                <form method="post" action=RecordIntervention::PATH id="record-intervention">
                    <input type="hidden" name="learner" value=id.to_string()/>
                    <div class="field">
                        <label for="kind">{td_string!(l, follow.kind)}</label>
                        <select id="kind" name="kind">{kinds}</select>
                        {kind_error.map(|e| view! { <p class="error">{e}</p> })}
                    </div>
                    <TextArea field=Field::Note label=td_string!(l, follow.note).to_string() flash=flash.clone() max=NOTE_MAX_CHARS rows=3/>
                    <div class="field">
                        <label for="due_on">{td_string!(l, follow.due_on)}</label>
                        <input id="due_on" name="due_on" type="date" min=page.today.to_string() value=flash.value(Field::DueOn)
                            aria-invalid=due_error.is_some().then_some("true") aria-describedby=due_error.is_some().then_some("due-error")/>
                        {due_error.map(|e| view! { <p class="error" id="due-error">{e}</p> })}
                    </div>
                    <div class="actions"><button type="submit" class="button">{td_string!(l, follow.record)}</button></div>
                </form>
                {interventions}
            </section>
            <p><a href="/train/at-risk">{td_string!(l, follow.back)}</a></p>
        </AppLayout>
    }
}

#[component]
fn Intervention(i: InterventionView, learner: i64, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let status = match i.status {
        InterventionStatus::Planned => td_string!(l, follow.status_open),
        InterventionStatus::Done => td_string!(l, follow.status_done),
        InterventionStatus::Cancelled => td_string!(l, follow.status_cancelled),
    };
    let since = match i.back_at {
        Some(t) => td_string!(l, follow.came_back, date = text::date(l, t.date_naive()), count = i.lessons_since).to_string(),
        None => td_string!(l, follow.not_back).to_string(),
    };
    let close = (i.status == InterventionStatus::Planned).then(|| {
        view! {
            <form method="post" action=CompleteIntervention::PATH>
                <input type="hidden" name="learner" value=learner.to_string()/>
                <input type="hidden" name="intervention" value=i.intervention_id.to_string()/>
                <TextArea field=Field::Outcome label=td_string!(l, follow.outcome).to_string() flash=flash
                    max=NOTE_MAX_CHARS rows=2 id=Some(format!("outcome-{}", i.intervention_id))/>
                <div class="actions"><button type="submit" class="button secondary">{td_string!(l, follow.mark_done)}</button></div>
            </form>
        }
    });
    view! {
        <li id=format!("intervention-{}", i.intervention_id) data-status=i.status.as_str()>
            <p>
                <strong>{kind_label(l, i.kind)}</strong>" · "{status}" · "
                <span class="meta">{td_string!(l, follow.recorded_on, date = text::date(l, i.created_at.date_naive()))}</span>
                <span class="meta" translate="no">" · "{i.trainer_name}</span>
                {i.due_on.map(|d| view! { <span class="meta">" · "{td_string!(l, follow.due, date = text::date(l, d))}</span> })}
            </p>
            <p class="message-body" translate="no">{i.note}</p>
            {i.outcome.map(|o| view! { <p><strong>{td_string!(l, follow.outcome)}": "</strong><span translate="no">{o}</span></p> })}
            <p class="since">{since}</p>
            {close}
        </li>
    }
}
