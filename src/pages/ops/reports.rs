//! `/ops/reports`: the four CSV reports, each a plain GET form that downloads the file (so it works
//! without JS); `public/reports.js` shows a long one's progress against the row count the
//! download announces. A refused download comes back here with the problem at its field.

use crate::api::ops::reports::get_reports;
use crate::auth::Role;
use crate::i18n::{Locale, td_string};
use crate::model::ops::{KpiChoice, ReportKind, ReportQuery, ReportsView, RiskStatus};
use crate::server::request::query_param;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let q = query_param;
    let query = ReportQuery { client: q("client"), from: q("from"), to: q("to"), status: q("status") };
    data_page(get_reports(q("report"), query), |v| view! { <Reports v/> })
}

fn title(l: Locale, kind: ReportKind) -> String {
    match kind {
        ReportKind::Learners => td_string!(l, reports.learners),
        ReportKind::Cohorts => td_string!(l, reports.cohorts),
        ReportKind::Grading => td_string!(l, reports.grading),
        ReportKind::Risks => td_string!(l, reports.risks),
    }
    .to_string()
}

fn about(l: Locale, kind: ReportKind, v: &ReportsView) -> String {
    match kind {
        ReportKind::Learners => td_string!(l, reports.about_learners).to_string(),
        ReportKind::Cohorts => td_string!(l, reports.about_cohorts).to_string(),
        ReportKind::Grading => td_string!(l, reports.about_grading, hours = v.sla_hours).to_string(),
        ReportKind::Risks => td_string!(l, reports.about_risks).to_string(),
    }
}

/// What was asked of this report, if a refused download brought the reader back for it.
fn asked(v: &ReportsView, kind: ReportKind) -> Option<&ReportQuery> {
    (v.asked == Some(kind)).then_some(&v.query)
}

/// The field at fault in this report's form, and the message.
fn problem(l: Locale, v: &ReportsView, kind: ReportKind) -> Option<(String, String)> {
    (v.asked == Some(kind)).then_some(()).and(v.problem.as_ref()).map(|(field, p)| (field.clone(), text::problem(l, *p)))
}

struct Field {
    id: String,
    invalid: bool,
    error_id: String,
}

fn field(kind: ReportKind, name: &str, fault: &Option<(String, String)>) -> Field {
    Field {
        id: format!("{}-{name}", kind.slug()),
        invalid: fault.as_ref().is_some_and(|(f, _)| f == name),
        error_id: format!("report-{}-error", kind.slug()),
    }
}

fn client_select(l: Locale, clients: &[KpiChoice], chosen: Option<&str>, required: bool, f: Field) -> impl IntoView + use<> {
    let options = clients
        .iter()
        .map(|c| {
            let id = c.id.to_string();
            let selected = chosen == Some(id.as_str());
            view! { <option value=id selected=selected translate="no">{c.label.clone()}</option> }
        })
        .collect_view();
    let first = if required { td_string!(l, reports.choose_client) } else { td_string!(l, kpi.all_clients) };
    view! {
        <div class="field">
            <label for=f.id.clone()>{td_string!(l, reports.client)}</label>
            <select id=f.id name="client" required=required aria-invalid=f.invalid.then_some("true")
                aria-describedby=f.invalid.then_some(f.error_id)>
                <option value="">{first}</option>
                {options}
            </select>
        </div>
    }
}

fn date_input(label: String, name: &'static str, value: String, f: Field) -> impl IntoView + use<> {
    view! {
        <div class="field">
            <label for=f.id.clone()>{label}</label>
            <input type="date" id=f.id name=name value=value aria-invalid=f.invalid.then_some("true")
                aria-describedby=f.invalid.then_some(f.error_id)/>
        </div>
    }
}

fn status_select(l: Locale, chosen: Option<&str>, f: Field) -> impl IntoView + use<> {
    let options = RiskStatus::all()
        .map(|s| {
            let selected = chosen == Some(s.as_str());
            view! { <option value=s.as_str() selected=selected>{text::risk_status(l, s)}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=f.id.clone()>{td_string!(l, reports.status)}</label>
            <select id=f.id name="status" aria-invalid=f.invalid.then_some("true") aria-describedby=f.invalid.then_some(f.error_id)>
                <option value="">{td_string!(l, reports.every_ticket)}</option>
                {options}
            </select>
        </div>
    }
}

fn report_form(l: Locale, kind: ReportKind, v: &ReportsView) -> impl IntoView + use<> {
    let fault = problem(l, v, kind);
    let q = asked(v, kind).cloned().unwrap_or_default();
    let given = |x: &Option<String>| x.clone().filter(|s| !s.trim().is_empty());
    let fields = match kind {
        ReportKind::Learners => client_select(l, &v.clients, q.client.as_deref(), true, field(kind, "client", &fault)).into_any(),
        ReportKind::Cohorts => client_select(l, &v.clients, q.client.as_deref(), false, field(kind, "client", &fault)).into_any(),
        ReportKind::Grading => view! {
            {client_select(l, &v.clients, q.client.as_deref(), false, field(kind, "client", &fault))}
            {date_input(td_string!(l, kpi.filter_from).to_string(), "from", given(&q.from).unwrap_or_else(|| v.from.to_string()), field(kind, "from", &fault))}
            {date_input(td_string!(l, kpi.filter_to).to_string(), "to", given(&q.to).unwrap_or_else(|| v.to.to_string()), field(kind, "to", &fault))}
        }
        .into_any(),
        ReportKind::Risks => status_select(l, q.status.as_deref(), field(kind, "status", &fault)).into_any(),
    };
    let heading = format!("report-{}-heading", kind.slug());
    let error_id = format!("report-{}-error", kind.slug());
    view! {
        <section class="panel" aria-labelledby=heading>
            <h2 id=heading.clone()>{title(l, kind)}</h2>
            <p class="hint">{about(l, kind, v)}</p>
            <form method="get" action=kind.path() class="filters report-form" id=format!("report-{}", kind.slug())
                data-starting=td_string!(l, reports.starting) data-progress=td_string!(l, reports.progress)
                data-done=td_string!(l, reports.done) data-failed=td_string!(l, reports.failed)>
                {fault.map(|(_, message)| view! { <p class="error" id=error_id role="alert">{message}</p> })}
                {fields}
                <div class="actions">
                    <button type="submit">{td_string!(l, reports.download)}</button>
                </div>
                <p class="report-progress" role="status" aria-live="polite"></p>
            </form>
        </section>
    }
}

#[component]
fn Reports(v: ReportsView) -> impl IntoView {
    let l = use_locale();
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string());
    let forms = ReportKind::ALL.into_iter().map(|kind| report_form(l, kind, &v)).collect_view();
    view! {
        <AppLayout title=td_string!(l, reports.title).to_string() user=(Role::Operations, v.viewer_name.clone())>
            <h1>{td_string!(l, reports.heading)}</h1>
            <p class="lead">{td_string!(l, reports.lead)}</p>
            {forms}
            <script src="/reports.js" defer=true nonce=nonce></script>
        </AppLayout>
    }
}
