//! `/ops/clients`: every sponsor with its status, contact, contract end, learners against its
//! target and running cohorts; a link to add one.

use crate::api::ops::clients::list_clients;
use crate::auth::Role;
use crate::domain::progress::share_percent;
use crate::i18n::td_string;
use crate::model::ops::{ClientStatus, ClientSummary, ClientsView};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;

#[component]
pub fn ClientsPage() -> impl IntoView {
    data_page(list_clients(), |view| view! { <Clients view/> })
}

#[component]
fn Clients(view: ClientsView) -> impl IntoView {
    let l = use_locale();
    let table = if view.clients.is_empty() {
        view! { <p class="empty">{td_string!(l, clients.empty)}</p> }.into_any()
    } else {
        let today = view.today;
        view! {
            <TableFrame label=td_string!(l, clients.heading).to_string()>
                <table id="clients">
                    <thead><tr>
                        <th scope="col">{td_string!(l, clients.col_client)}</th>
                        <th scope="col">{td_string!(l, clients.col_status)}</th>
                        <th scope="col">{td_string!(l, clients.col_contact)}</th>
                        <th scope="col">{td_string!(l, clients.col_contract_ends)}</th>
                        <th scope="col" class="num">{td_string!(l, clients.col_learners)}</th>
                        <th scope="col" class="num">{td_string!(l, clients.col_cohorts)}</th>
                    </tr></thead>
                    <tbody>{view.clients.into_iter().map(|c| row(c, today)).collect_view()}</tbody>
                </table>
            </TableFrame>
        }
        .into_any()
    };
    view! {
        <AppLayout title=td_string!(l, clients.title).to_string() user=(Role::Operations, view.viewer_name.clone())>
            <h1>{td_string!(l, clients.heading)}</h1>
            <p><a class="button" href="/ops/clients/new" id="new-client">{td_string!(l, clients.add)}</a></p>
            <section class="panel">{table}</section>
        </AppLayout>
    }
}

fn row(c: ClientSummary, today: chrono::NaiveDate) -> impl IntoView + use<> {
    let l = use_locale();
    let learners = match c.target_learners {
        Some(target) if target > 0 => td_string!(
            l,
            clients.learners_of_target,
            learners = text::number(l, c.learners),
            target = text::number(l, i64::from(target)),
            percent = text::percent(l, share_percent(c.learners as f64 / f64::from(target)))
        )
        .to_string(),
        _ => text::number(l, c.learners),
    };
    // A contract past its end while the sponsor is still active is worth a second look.
    let ends = c.contract_ends_on.map(|d| {
        let lapsed = d < today && c.status == ClientStatus::Active;
        view! {
            <span class:warn=lapsed>{text::date(l, d)}</span>
            {lapsed.then(|| view! { " "{td_string!(l, clients.lapsed)} })}
        }
    });
    view! {
        <tr>
            <th scope="row">
                <a class="row-link" href=format!("/ops/clients/{}", c.client_id) translate="no">{c.name}</a>
                <span class="detail" translate="no">" "{c.sector}" · "{c.region}</span>
            </th>
            <td>{text::client_status(l, c.status)}</td>
            <td translate="no">{c.contact_name}</td>
            <td>{ends}</td>
            <td class="num">{learners}</td>
            <td class="num">{text::number(l, c.running_cohorts)}</td>
        </tr>
    }
}
