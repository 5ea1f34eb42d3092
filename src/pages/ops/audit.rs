//! `/ops/audit`: the audit log, newest first, filtered by actor, action, target and dates (a plain
//! GET form, so a view is a bookmarkable address), a keyset page at a time, and the same view as
//! CSV.

use crate::api::ops::audit::audit_log;
use crate::auth::Role;
use crate::i18n::td_string;
use crate::model::ops::{AuditAction, AuditEntry, AuditQuery, AuditView};
use crate::server::request::query_param;
use crate::ui::components::form::FormMessage;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;

/// Target kinds the log records today, offered in the filter.
const TARGET_KINDS: [&str; 2] = ["app_user", "cohort"];

#[component]
pub fn AuditPage() -> impl IntoView {
    let q = query_param;
    let query = AuditQuery {
        actor: q("actor"),
        action: q("action"),
        target_kind: q("target_kind"),
        target_id: q("target_id"),
        from: q("from"),
        to: q("to"),
        before: q("before"),
    };
    data_page(audit_log(query), |view| view! { <Audit view/> })
}

/// The filters as an address query, without the cursor.
fn filters_query(q: &AuditQuery) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (name, value) in [
        ("actor", &q.actor),
        ("action", &q.action),
        ("target_kind", &q.target_kind),
        ("target_id", &q.target_id),
        ("from", &q.from),
        ("to", &q.to),
    ] {
        if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            out.append_pair(name, v);
        }
    }
    out.finish()
}

#[component]
fn Audit(view: AuditView) -> impl IntoView {
    let l = use_locale();
    let q = view.query.clone();
    let filters = filters_query(&q);
    let csv = if filters.is_empty() { "/ops/audit.csv".to_owned() } else { format!("/ops/audit.csv?{filters}") };
    let older = view.older.map(|id| {
        let sep = if filters.is_empty() { "" } else { "&" };
        view! { <a class="button secondary" id="older" href=format!("/ops/audit?{filters}{sep}before={id}")>{td_string!(l, audit.older)}</a> }
    });
    let newest = q.before.is_some().then(|| {
        let href = if filters.is_empty() { "/ops/audit".to_owned() } else { format!("/ops/audit?{filters}") };
        view! { <a class="button secondary" href=href>{td_string!(l, audit.newest)}</a> }
    });
    let unreadable = view.unreadable.then(|| td_string!(l, audit.unreadable).to_string());
    let action_now = q.action.clone().unwrap_or_default();
    let kind_now = q.target_kind.clone().unwrap_or_default();
    let actions = AuditAction::all()
        .map(|a| view! { <option value=a.as_str() selected=a.as_str() == action_now translate="no">{a.as_str()}</option> })
        .collect_view();
    let kinds = TARGET_KINDS.iter().map(|k| view! { <option value=*k selected=*k == kind_now translate="no">{*k}</option> }).collect_view();
    let table = if view.entries.is_empty() {
        view! { <p class="empty">{td_string!(l, audit.none)}</p> }.into_any()
    } else {
        view! {
            <TableFrame label=td_string!(l, audit.heading).to_string()>
                <table id="audit">
                    <thead><tr>
                        <th scope="col">{td_string!(l, audit.col_when)}</th>
                        <th scope="col">{td_string!(l, audit.col_actor)}</th>
                        <th scope="col">{td_string!(l, audit.col_action)}</th>
                        <th scope="col">{td_string!(l, audit.col_target)}</th>
                        <th scope="col">{td_string!(l, audit.col_detail)}</th>
                    </tr></thead>
                    <tbody>{view.entries.into_iter().map(|e| view! { <EntryRow e/> }).collect_view()}</tbody>
                </table>
            </TableFrame>
        }
        .into_any()
    };
    view! {
        <AppLayout title=td_string!(l, audit.title).to_string() user=(Role::Operations, view.viewer_name.clone())>
            <h1>{td_string!(l, audit.heading)}</h1>
            <FormMessage error=unreadable/>
            <section class="panel">
                <h2>{td_string!(l, audit.filters)}</h2>
                <form method="get" action="/ops/audit" class="filters">
                    <div class="field">
                        <label for="audit-actor">{td_string!(l, audit.actor)}</label>
                        <input id="audit-actor" name="actor" type="email" value=q.actor.clone() autocomplete="off"/>
                    </div>
                    <div class="field">
                        <label for="audit-action">{td_string!(l, audit.action)}</label>
                        <select id="audit-action" name="action">
                            <option value="">{td_string!(l, audit.any)}</option>
                            {actions}
                        </select>
                    </div>
                    <div class="field">
                        <label for="audit-kind">{td_string!(l, audit.target_kind)}</label>
                        <select id="audit-kind" name="target_kind">
                            <option value="">{td_string!(l, audit.any)}</option>
                            {kinds}
                        </select>
                    </div>
                    <div class="field">
                        <label for="audit-target">{td_string!(l, audit.target_id)}</label>
                        <input id="audit-target" name="target_id" type="text" inputmode="numeric" value=q.target_id.clone()/>
                    </div>
                    <div class="field">
                        <label for="audit-from">{td_string!(l, audit.from)}</label>
                        <input id="audit-from" name="from" type="date" value=q.from.clone()/>
                    </div>
                    <div class="field">
                        <label for="audit-to">{td_string!(l, audit.to)}</label>
                        <input id="audit-to" name="to" type="date" value=q.to.clone()/>
                    </div>
                    <p class="actions">
                        <button type="submit" class="button">{td_string!(l, audit.apply)}</button>
                        <a class="button secondary" href="/ops/audit">{td_string!(l, audit.clear)}</a>
                        <a class="button secondary" id="audit-csv" href=csv download=true>{td_string!(l, audit.csv)}</a>
                    </p>
                </form>
            </section>
            <section class="panel">
                {table}
                <p class="actions">{newest}{older}</p>
            </section>
        </AppLayout>
    }
}

#[component]
fn EntryRow(e: AuditEntry) -> impl IntoView {
    let l = use_locale();
    let actor = e.actor.unwrap_or_else(|| td_string!(l, audit.nobody).to_string());
    let target = match e.target_id {
        Some(id) => format!("{} {id}", e.target_kind),
        None => e.target_kind,
    };
    view! {
        <tr>
            <td class="nowrap" translate="no">{text::utc(e.at)}</td>
            <td translate="no">{actor}</td>
            <td translate="no"><code>{e.action}</code></td>
            <td translate="no">{target}</td>
            <td translate="no"><code class="detail">{e.detail}</code></td>
        </tr>
    }
}
