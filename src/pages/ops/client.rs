//! `/ops/clients/{id}`: one sponsor: its details and contract, its outcomes to date (learners,
//! completion, scores, at risk, recovered after follow-up), its cohorts, and its learners as CSV.

use crate::api::account::session::take_form_flash;
use crate::api::ops::clients::get_client;
use crate::auth::Role;
use crate::domain::progress::share_percent;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::i18n::{td, td_string};
use crate::model::forms::{Form, FormFlash};
use crate::model::ops::{ClientDetail, ClientOutcomes};
use crate::pages::ops::cohort_table::{Beside, cohort_table};
use crate::ui::components::form::FormMessage;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::{PageError, data_page};
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ClientPage() -> impl IntoView {
    let Some(id) = use_params_map().with_untracked(|p| p.get("id")).and_then(|id| id.parse::<i64>().ok()) else {
        return view! { <PageError error=AppError::NotFound/> }.into_any();
    };
    let load = async move {
        let detail = get_client(id).await?;
        let flash = take_form_flash(Form::Client).await?;
        Ok::<_, AppError>((detail, flash))
    };
    data_page(load, |(detail, flash)| view! { <Client detail flash/> }).into_any()
}

fn share(l: Locale, part: i64, whole: i64) -> String {
    if whole > 0 { text::percent(l, share_percent(part as f64 / whole as f64)) } else { td_string!(l, kpi.none).to_string() }
}

/// One outcome: its figure, what it is out of, and what it means.
fn tile(id: &'static str, label: String, value: String, detail: String) -> impl IntoView + use<> {
    view! {
        <section class="tile" id=id>
            <h3>{label}</h3>
            <p class="value">{value}</p>
            <p class="detail">{detail}</p>
        </section>
    }
}

fn outcomes(l: Locale, o: &ClientOutcomes) -> impl IntoView + use<> {
    let none = || td_string!(l, kpi.none).to_string();
    view! {
        <div class="tiles">
            {tile("client-learners", td_string!(l, clients.learners).to_string(), text::number(l, o.learners),
                td_string!(l, clients.learners_def).to_string())}
            {tile("client-completion", td_string!(l, clients.completion).to_string(), share(l, o.completed, o.enrolled),
                td_string!(l, clients.completion_def, completed = text::number(l, o.completed), enrolled = text::number(l, o.enrolled)).to_string())}
            {tile("client-score", td_string!(l, clients.average_score).to_string(),
                o.average_score.map(|s| text::number(l, s.round() as i64)).unwrap_or_else(none),
                td_string!(l, clients.average_score_def, count = text::number(l, o.scored)).to_string())}
            {tile("client-pass", td_string!(l, clients.pass_rate).to_string(),
                o.pass_rate.map(|p| text::percent(l, share_percent(p))).unwrap_or_else(none),
                td_string!(l, clients.pass_rate_def).to_string())}
            {tile("client-at-risk", td_string!(l, clients.at_risk).to_string(), text::number(l, o.at_risk),
                td_string!(l, clients.at_risk_def, share = share(l, o.at_risk, o.learners)).to_string())}
            {tile("client-recovered", td_string!(l, clients.recovered).to_string(), share(l, o.recovered, o.followed_up),
                td_string!(l, clients.recovered_def, recovered = text::number(l, o.recovered), followed = text::number(l, o.followed_up)).to_string())}
        </div>
    }
}

#[component]
fn Client(detail: ClientDetail, flash: Option<FormFlash>) -> impl IntoView {
    let l = use_locale();
    let notice = flash.as_ref().and_then(|f| f.notice.as_ref()).map(|n| text::notice(l, n));
    let r = detail.record;
    let id = detail.client_id;
    let name = r.name.clone();
    let dash = || "—".to_owned();
    let contract = match (r.contract_starts_on, r.contract_ends_on) {
        (None, None) => td_string!(l, clients.no_contract).to_string(),
        (s, e) => format!("{} – {}", s.map(|d| text::date(l, d)).unwrap_or_else(dash), e.map(|d| text::date(l, d)).unwrap_or_else(dash)),
    };
    let target = r.target_learners.map(|t| text::number(l, i64::from(t))).unwrap_or_else(dash);
    let contact = [r.contact_name.clone(), r.contact_email.clone(), r.contact_phone.clone()].into_iter().flatten().collect::<Vec<_>>();
    let contact = if contact.is_empty() { dash() } else { contact.join(" · ") };
    let more = (detail.cohorts_total > detail.cohorts.len() as i64)
        .then(|| td_string!(l, clients.cohorts_more, shown = detail.cohorts.len() as i64, total = detail.cohorts_total).to_string());
    let cohorts = cohort_table(
        l,
        "client-cohorts",
        td_string!(l, clients.cohorts).to_string(),
        Beside::Trainer,
        detail.cohorts,
        td_string!(l, clients.no_cohorts).to_string(),
        more,
    );
    view! {
        <AppLayout title=td_string!(l, clients.title_client).to_string() user=(Role::Operations, detail.viewer_name.clone())>
            <h1 translate="no">{name.clone()}</h1>
            <FormMessage notice/>
            <section class="panel">
                <h2>{td_string!(l, clients.details)}</h2>
                <dl class="facts">
                    <dt>{td_string!(l, clients.col_status)}</dt><dd id="client-status">{r.status.map(|s| text::client_status(l, s))}</dd>
                    <dt>{td_string!(l, clients.sector)}</dt><dd translate="no">{r.sector}</dd>
                    <dt>{td_string!(l, clients.region)}</dt><dd translate="no">{r.region}</dd>
                    <dt>{td_string!(l, clients.contact)}</dt><dd translate="no">{contact}</dd>
                    <dt>{td_string!(l, clients.contract)}</dt><dd>{contract}</dd>
                    <dt>{td_string!(l, clients.target)}</dt><dd>{target}</dd>
                    <dt>{td_string!(l, clients.notes)}</dt><dd class="notes">{if r.notes.is_empty() { dash() } else { r.notes }}</dd>
                </dl>
                <p>
                    <a class="button secondary" id="edit-client" href=format!("/ops/clients/{id}/edit")>
                        {td!(l, clients.edit, client = move || view! { <span translate="no">{name.clone()}</span> })}
                    </a>
                </p>
            </section>
            <section class="panel">
                <h2>{td_string!(l, clients.outcomes)}</h2>
                {outcomes(l, &detail.outcomes)}
                <p>
                    <a class="button secondary" id="client-csv" href=format!("/ops/clients/{id}/learners.csv") download="">
                        {td_string!(l, clients.download)}
                    </a>
                </p>
                <p class="hint">{td_string!(l, clients.download_hint)}</p>
            </section>
            <section class="panel">
                <h2>{td_string!(l, clients.cohorts)}</h2>
                {cohorts}
            </section>
            <p><a href="/ops/clients">{td_string!(l, clients.back_to_list)}</a></p>
        </AppLayout>
    }
}
