//! The filters `/ops` and `/ops/quality` share: a plain GET form of client, path and dates (so a
//! view is a bookmarkable address and works without JS), and the line saying what a view covers.

use crate::i18n::{Locale, td_string};
use crate::model::forms::Problem;
use crate::model::ops::{KpiChoice, KpiQuery};
use crate::ui::text;
use chrono::NaiveDate;
use leptos::prelude::*;

/// Where the form sends its filters, and its element id.
pub struct Target {
    pub action: &'static str,
    pub id: &'static str,
}

/// The filters as asked, why they could not be read, the choices and the dates shown.
pub struct Asked<'a> {
    pub query: &'a KpiQuery,
    pub problem: &'a Option<(String, Problem)>,
    pub clients: &'a [KpiChoice],
    pub paths: &'a [KpiChoice],
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// A `<select>` of clients or paths with "all" first.
fn choices(
    l: Locale,
    name: &'static str,
    all: String,
    list: &[KpiChoice],
    chosen: &Option<String>,
    invalid: bool,
) -> impl IntoView + use<> {
    let chosen = chosen.clone().unwrap_or_default();
    let field = format!("field-{name}");
    let options = list
        .iter()
        .map(|c| {
            let id = c.id.to_string();
            let selected = id == chosen.trim();
            view! { <option value=id selected=selected translate="no">{c.label.clone()}</option> }
        })
        .collect_view();
    let label_text = if name == "client" { td_string!(l, kpi.filter_client) } else { td_string!(l, kpi.filter_path) };
    view! {
        <div class="field">
            <label for=field.clone()>{label_text}</label>
            <select id=field name=name aria-invalid=invalid.then_some("true") aria-describedby=invalid.then_some("filter-error")>
                <option value="">{all}</option>
                {options}
            </select>
        </div>
    }
}

pub fn form(l: Locale, target: Target, asked: Asked<'_>) -> impl IntoView + use<> {
    let field = asked.problem.as_ref().map(|(f, _)| f.clone()).unwrap_or_default();
    let error = asked.problem.as_ref().map(|(_, p)| text::problem(l, *p));
    let date_value =
        |given: &Option<String>, default: NaiveDate| given.clone().filter(|g| !g.trim().is_empty()).unwrap_or_else(|| default.to_string());
    let from = date_value(&asked.query.from, asked.from);
    let to = date_value(&asked.query.to, asked.to);
    let q = asked.query;
    view! {
        <form method="get" action=target.action class="filters" id=target.id aria-label=td_string!(l, kpi.filters)>
            {error.map(|e| view! { <p class="error" id="filter-error" role="alert">{e}</p> })}
            {choices(l, "client", td_string!(l, kpi.all_clients).to_string(), asked.clients, &q.client, field == "client")}
            {choices(l, "path", td_string!(l, kpi.all_paths).to_string(), asked.paths, &q.path, field == "path")}
            <div class="field">
                <label for="field-from">{td_string!(l, kpi.filter_from)}</label>
                <input type="date" id="field-from" name="from" value=from aria-invalid=(field == "from").then_some("true")
                    aria-describedby=(field == "from").then_some("filter-error")/>
            </div>
            <div class="field">
                <label for="field-to">{td_string!(l, kpi.filter_to)}</label>
                <input type="date" id="field-to" name="to" value=to aria-invalid=(field == "to").then_some("true")
                    aria-describedby=(field == "to").then_some("filter-error")/>
            </div>
            <div class="actions">
                <button type="submit">{td_string!(l, kpi.show)}</button>
                <a class="button secondary" href=target.action>{td_string!(l, kpi.reset)}</a>
            </div>
        </form>
    }
}

/// "Every client and path" or the client and path a view is narrowed to.
pub fn scope(l: Locale, client_name: &Option<String>, path_name: &Option<String>) -> impl IntoView + use<> {
    let named = |label: String, name: &Option<String>| {
        name.clone().map(|n| view! { <span class="scope-part">{label}": "<strong translate="no">{n}</strong>" "</span> })
    };
    if client_name.is_none() && path_name.is_none() {
        view! { <span>{td_string!(l, kpi.scope_all)}" "</span> }.into_any()
    } else {
        view! {
            {named(td_string!(l, kpi.filter_client).to_string(), client_name)}
            {named(td_string!(l, kpi.filter_path).to_string(), path_name)}
        }
        .into_any()
    }
}
