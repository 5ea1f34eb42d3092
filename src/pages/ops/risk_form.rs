//! `/ops/risks/new`: opening a risk ticket. Blank, or (`?cohort=`) filled from the risk model's
//! proposal for a cohort, with the figures that raised it; the ticket then takes the cohort's
//! flagged learners. Severity sets the due time.

use crate::api::account::session::take_form_flash;
use crate::api::ops::risks::{OpenRisk, get_risk_editor};
use crate::auth::Role;
use crate::domain::progress::share_percent;
use crate::domain::ticket::{ACTION_MAX_CHARS, rank, sla_hours};
use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use crate::model::forms::{Field, Form, FormFlash};
use crate::model::ops::{RiskEditor, RiskKind, RiskProposal, RiskSeverity};
use crate::model::trainer::RiskFactor;
use crate::pages::ops::risks::owner_options;
use crate::server::request::query_param;
use crate::ui::components::form::{FormMessage, SelectField, TextArea, TextField};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn NewRiskPage() -> impl IntoView {
    let cohort = query_param("cohort").and_then(|c| c.parse::<i64>().ok());
    let load = async move {
        let editor = get_risk_editor(cohort).await?;
        let flash = take_form_flash(Form::Risk).await?;
        Ok::<_, AppError>((editor, flash))
    };
    data_page(load, |(editor, flash)| view! { <Editor editor flash/> })
}

/// What to do first about the reason the model gives most often: a starting point that
/// operations edits, in the reader's language.
fn suggested_action(l: Locale, reason: Option<RiskFactor>) -> String {
    match reason {
        Some(RiskFactor::IdleDays) | Some(RiskFactor::MinutesTrend) | None => td_string!(l, tickets.suggest_idle),
        Some(RiskFactor::GoalsMissed) => td_string!(l, tickets.suggest_goals),
        Some(RiskFactor::ScoreTrend) | Some(RiskFactor::Resubmissions) => td_string!(l, tickets.suggest_scores),
        Some(RiskFactor::Overdue) => td_string!(l, tickets.suggest_overdue),
    }
    .to_string()
}

fn why(l: Locale, proposal: &RiskProposal) -> impl IntoView + use<> {
    let p = &proposal.cohort;
    let share = text::percent(l, share_percent(p.listed as f64 / p.members.max(1) as f64));
    let reason = p.top_reason.map(|(f, n)| {
        view! { <li>{td_string!(l, tickets.why_reason, reason = text::risk_factor(l, f), count = n)}</li> }
    });
    view! {
        <section class="panel" id="proposal">
            <h2>{td_string!(l, tickets.why)}</h2>
            <ul>
                <li>{td_string!(l, tickets.why_flagged, listed = text::number(l, p.listed), members = text::number(l, p.members), share = share)}</li>
                <li>{td_string!(l, tickets.why_mean, score = text::percent(l, share_percent(p.mean_score)))}</li>
                {reason}
                <li>{td_string!(l, tickets.why_severity, severity = text::risk_severity(l, proposal.severity), hours = sla_hours(proposal.severity))}</li>
            </ul>
        </section>
    }
}

#[component]
fn Editor(editor: RiskEditor, flash: Option<FormFlash>) -> impl IntoView {
    let l = use_locale();
    let flash = match flash {
        Some(f) if f.has_errors() => f,
        _ => {
            let (title, kind, severity, action) = match &editor.proposal {
                Some(p) => (
                    td_string!(l, tickets.suggest_title, count = p.cohort.listed, cohort = p.cohort.cohort_name.clone()).to_string(),
                    RiskKind::Disengagement,
                    p.severity,
                    suggested_action(l, p.cohort.top_reason.map(|r| r.0)),
                ),
                None => (String::new(), RiskKind::Disengagement, RiskSeverity::Medium, String::new()),
            };
            FormFlash::new(Form::Risk)
                .with_value(Field::Title, &title)
                .with_value(Field::Kind, kind.as_str())
                .with_value(Field::Severity, severity.as_str())
                .with_value(Field::Owner, &editor.viewer_id.to_string())
                .with_answers([(&Field::Action.as_str().to_owned(), &action)])
        }
    };
    let error = flash.error(Field::Whole).map(|p| text::problem(l, p));
    let kinds = RiskKind::all().map(|k| (k.as_str().to_owned(), text::risk_kind(l, k))).collect();
    let mut severities: Vec<RiskSeverity> = RiskSeverity::all().collect();
    severities.sort_by_key(|s| std::cmp::Reverse(rank(*s)));
    let severities = severities
        .into_iter()
        .map(|s| {
            (
                s.as_str().to_owned(),
                td_string!(l, tickets.severity_option, severity = text::risk_severity(l, s), hours = sla_hours(s)).to_string(),
            )
        })
        .collect();
    let owners = owner_options(l, &editor.owners);
    let gone = editor
        .cohort_gone
        .then(|| view! { <p class="banner notice" role="status" id="proposal-gone">{td_string!(l, tickets.proposal_gone)}</p> });
    let heading = match &editor.proposal {
        Some(p) => view! { {td_string!(l, tickets.heading_from)}" "<span translate="no">{p.cohort.cohort_name.clone()}</span> }.into_any(),
        None => td_string!(l, tickets.heading_new).into_any(),
    };
    view! {
        <AppLayout title=td_string!(l, tickets.title_new).to_string() user=(Role::Operations, editor.viewer_name.clone())>
            <h1>{heading}</h1>
            {gone}
            <FormMessage error/>
            {editor.proposal.as_ref().map(|p| why(l, p))}
            <section class="panel narrow">
                <form method="post" action=OpenRisk::PATH novalidate=true id="ticket-form">
                    {editor.proposal.as_ref().map(|p| view! { <input type="hidden" name="cohort" value=p.cohort.cohort_id.to_string()/> })}
                    <TextField field=Field::Title label=td_string!(l, tickets.ticket_title).to_string() autocomplete="off" flash=flash.clone()/>
                    <SelectField field=Field::Kind label=td_string!(l, tickets.kind).to_string() options=kinds flash=flash.clone()/>
                    <SelectField field=Field::Severity label=td_string!(l, tickets.col_severity).to_string() options=severities flash=flash.clone()
                        hint=Some(td_string!(l, tickets.severity_hint).to_string())/>
                    <SelectField field=Field::Owner label=td_string!(l, tickets.owner).to_string() options=owners flash=flash.clone() names=true
                        placeholder=Some(td_string!(l, tickets.owner_choose).to_string()) hint=Some(td_string!(l, tickets.owner_hint).to_string())/>
                    <TextArea field=Field::Action label=td_string!(l, tickets.action).to_string() flash=flash.clone() max=ACTION_MAX_CHARS/>
                    <button type="submit" class="button">{td_string!(l, tickets.create)}</button>
                </form>
                <p><a href="/ops/risks">{td_string!(l, tickets.back_to_list)}</a></p>
            </section>
        </AppLayout>
    }
}
