//! `/train/at-risk`: learners the risk model lists in the trainer's running cohorts (`?cohort=`
//! narrows to one), riskiest first, each with up to three reasons in words and figures, the score a
//! week ago beside today's, and "Not useful" (a plain form post). The model's weights are shown
//! too, so the list is never a black box.

use crate::api::account::session::take_form_flash;
use crate::api::trainer::follow_up::SendGroupMessage;
use crate::api::trainer::risk::{DismissRisk, get_at_risk};
use crate::auth::Role;
use crate::domain::follow_up::MESSAGE_MAX_CHARS;
use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use crate::model::forms::{Field, Form, FormFlash};
use crate::model::trainer::{AtRiskLearner, AtRiskPage, MessageGroup, RiskReason};
use crate::server::request::query_param;
use crate::ui::components::form::{FormMessage, TextArea};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::{PageError, data_page};
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn AtRiskPage() -> impl IntoView {
    let cohort = match query_param("cohort").filter(|c| !c.is_empty()).map(|c| c.parse::<i64>()) {
        Some(Err(_)) => return view! { <PageError error=AppError::NotFound/> }.into_any(),
        Some(Ok(id)) => Some(id),
        None => None,
    };
    let load = async move {
        let page = get_at_risk(cohort).await?;
        let flash = take_form_flash(Form::AtRisk).await?;
        let group = take_form_flash(Form::GroupMessage).await?;
        Ok::<_, AppError>((page, flash, group))
    };
    data_page(load, |(page, flash, group)| view! { <AtRisk page flash group/> }).into_any()
}

/// One reason in the reader's words.
pub fn reason(l: Locale, r: &RiskReason) -> String {
    match r {
        RiskReason::Idle { days: None } => td_string!(l, risk.never_started).to_string(),
        RiskReason::Idle { days: Some(d) } => td_string!(l, risk.idle, count = *d).to_string(),
        RiskReason::MinutesFalling { from, to } => td_string!(l, risk.minutes_falling, from = *from, to = *to).to_string(),
        RiskReason::GoalsMissed { weeks, goal } => td_string!(l, risk.goals_missed, count = *weeks, goal = *goal).to_string(),
        RiskReason::ScoresFalling { from, to } => td_string!(l, risk.scores_falling, from = *from, to = *to).to_string(),
        RiskReason::Behind { lessons } => td_string!(l, risk.behind, count = *lessons).to_string(),
        RiskReason::Resubmit { count } => td_string!(l, risk.resubmit, count = *count).to_string(),
    }
}

#[component]
fn AtRisk(page: AtRiskPage, flash: Option<FormFlash>, group: Option<FormFlash>) -> impl IntoView {
    let l = use_locale();
    let flash = flash.unwrap_or_else(|| FormFlash::new(Form::AtRisk));
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    let error = flash.error(Field::Whole).map(|p| text::problem(l, p));
    let cohort = page.cohort;
    let cohorts = page
        .cohorts
        .iter()
        .map(|c| view! { <option value=c.id.to_string() selected=(Some(c.id) == cohort).then_some(true) translate="no">{c.label.clone()}</option> })
        .collect_view();
    let count = page.learners.len() as i64;
    let list = if page.learners.is_empty() {
        view! { <p class="empty" id="none-at-risk">{td_string!(l, risk.empty)}</p> }.into_any()
    } else {
        let rows = page.learners.into_iter().map(|learner| view! { <Row learner cohort/> }).collect_view();
        view! {
            <TableFrame label=td_string!(l, risk.heading).to_string()>
                <table id="at-risk">
                    <thead><tr>
                        <th scope="col">{td_string!(l, risk.col_learner)}</th>
                        <th scope="col" class="num">{td_string!(l, risk.col_risk)}</th>
                        <th scope="col">{td_string!(l, risk.col_reasons)}</th>
                        <th scope="col">{td_string!(l, risk.col_action)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableFrame>
        }
        .into_any()
    };
    let message = cohort.map(|c| view! { <GroupMessageForm cohort=c flash=group.unwrap_or_else(|| FormFlash::new(Form::GroupMessage))/> });
    let m = page.model;
    let basis = if m.trained_on == 0 {
        td_string!(l, risk.model_defaults).to_string()
    } else {
        td_string!(l, risk.model_fitted, count = m.trained_on).to_string()
    };
    let weights = m
        .coefficients
        .iter()
        .map(|(f, w)| view! { <tr><th scope="row">{text::risk_factor(l, *f)}</th><td class="num">{format!("{w:+.2}")}</td></tr> })
        .collect_view();
    view! {
        <AppLayout title=td_string!(l, risk.title).to_string() user=(Role::Trainer, page.viewer_name.clone())>
            <h1>{td_string!(l, risk.heading)}</h1>
            <FormMessage error notice/>
            <form method="get" action="/train/at-risk" class="filters">
                <div class="field">
                    <label for="cohort">{td_string!(l, risk.cohort)}</label>
                    <select id="cohort" name="cohort">
                        <option value="">{td_string!(l, risk.all_cohorts)}</option>
                        {cohorts}
                    </select>
                </div>
                <div class="actions"><button type="submit" class="button secondary">{td_string!(l, cohort.apply)}</button></div>
            </form>
            <p class="value" id="at-risk-count">{td_string!(l, risk.count, count = count)}</p>
            {list}
            {message}
            <details class="panel" id="risk-model">
                <summary>{td_string!(l, risk.how)}</summary>
                <p>{td_string!(l, risk.how_text, threshold = m.threshold_percent)}" "{basis}</p>
                <p class="meta" translate="no">{m.version}</p>
                <TableFrame label=td_string!(l, risk.weights).to_string()>
                    <table>
                        <thead><tr>
                            <th scope="col">{td_string!(l, risk.col_factor)}</th>
                            <th scope="col" class="num">{td_string!(l, risk.col_weight)}</th>
                        </tr></thead>
                        <tbody>{weights}</tbody>
                    </table>
                </TableFrame>
            </details>
            <p><a href="/train">{td_string!(l, cohort.back_to_cohorts)}</a></p>
        </AppLayout>
    }
}

#[component]
fn Row(learner: AtRiskLearner, cohort: Option<i64>) -> impl IntoView {
    let l = use_locale();
    let trend = learner.week_ago_percent.map(|w| {
        let now = learner.risk_percent;
        let words = if now > w.saturating_add(4) {
            td_string!(l, risk.trend_up, from = text::percent(l, w)).to_string()
        } else if now.saturating_add(4) < w {
            td_string!(l, risk.trend_down, from = text::percent(l, w)).to_string()
        } else {
            td_string!(l, risk.trend_flat).to_string()
        };
        view! { <br/><span class="meta">{words}</span> }
    });
    let reasons = learner.reasons.iter().map(|r| view! { <li>{reason(l, r)}</li> }).collect_view();
    let name = learner.name.clone();
    view! {
        <tr data-learner=learner.learner_id.to_string()>
            <th scope="row">
                <a class="row-link" href=format!("/train/learners/{}", learner.learner_id) translate="no">{learner.name}</a><br/>
                <span class="meta" translate="no">{learner.cohort_name}</span>
            </th>
            <td class="num">{text::percent(l, learner.risk_percent)}{trend}</td>
            <td><ul class="reasons">{reasons}</ul></td>
            <td>
                <form method="post" action=DismissRisk::PATH class="inline">
                    <input type="hidden" name="learner" value=learner.learner_id.to_string()/>
                    {cohort.map(|c| view! { <input type="hidden" name="cohort" value=c.to_string()/> })}
                    <button type="submit" class="button secondary">
                        {td_string!(l, risk.not_useful)}<span class="visually-hidden" translate="no">" "{name}</span>
                    </button>
                </form>
            </td>
        </tr>
    }
}

/// A message to everyone at risk in the chosen cohort, or to the whole cohort.
#[component]
fn GroupMessageForm(cohort: i64, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    let error = flash.error(Field::Whole).map(|p| text::problem(l, p));
    view! {
        <section class="panel" id="group-message">
            <h2>{td_string!(l, follow.group_heading)}</h2>
            <FormMessage error notice/>
            <form method="post" action=SendGroupMessage::PATH>
                <input type="hidden" name="cohort" value=cohort.to_string()/>
                <fieldset class="choices">
                    <legend>{td_string!(l, follow.group_to)}</legend>
                    <ul>
                        <li>
                            <input type="radio" name="group" id="group-at-risk" value=MessageGroup::AtRisk.as_str() checked=true/>
                            <label for="group-at-risk">{td_string!(l, follow.group_at_risk)}</label>
                        </li>
                        <li>
                            <input type="radio" name="group" id="group-everyone" value=MessageGroup::Everyone.as_str()/>
                            <label for="group-everyone">{td_string!(l, follow.group_everyone)}</label>
                        </li>
                    </ul>
                </fieldset>
                <TextArea field=Field::Body label=td_string!(l, follow.message_label).to_string() flash=flash.clone() max=MESSAGE_MAX_CHARS
                    id=Some("group-body".to_owned())/>
                <div class="actions"><button type="submit" class="button" id="send-group">{td_string!(l, follow.send)}</button></div>
            </form>
        </section>
    }
}
