//! The table of cohorts a sponsor's page and a trainer's page both show: the other party (the
//! trainer on a sponsor's page, the sponsor on a trainer's), path, status, dates, learners, at
//! risk and work to grade, with a line saying how many more there are.

use crate::i18n::{Locale, td_string};
use crate::model::ops::OpsCohort;
use crate::ui::components::table::TableFrame;
use crate::ui::text;
use leptos::prelude::*;

/// Which party the table names beside each cohort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beside {
    /// On a sponsor's page: who runs each cohort.
    Trainer,
    /// On a trainer's page: whose cohort it is.
    Client,
}

fn row(l: Locale, beside: Beside, c: OpsCohort) -> impl IntoView + use<> {
    let party = match beside {
        Beside::Trainer => c.trainer_name.unwrap_or_else(|| td_string!(l, clients.no_trainer).to_string()),
        Beside::Client => c.client_name,
    };
    view! {
        <tr>
            <th scope="row" translate="no">{c.name}</th>
            <td translate="no">{party}</td>
            <td lang=crate::model::CONTENT_LANGUAGE.code()>{c.path_title}</td>
            <td>{text::cohort_status(l, c.status)}</td>
            <td>{text::date(l, c.starts_on)}" – "{text::date(l, c.ends_on)}</td>
            <td class="num">{text::number(l, c.members)}</td>
            <td class="num">{text::number(l, c.at_risk)}</td>
            <td class="num">{text::number(l, c.backlog)}</td>
        </tr>
    }
}

/// The table (`id`), or `empty` when there is no cohort; `more` says how many are not listed.
pub fn cohort_table(
    l: Locale,
    id: &'static str,
    label: String,
    beside: Beside,
    cohorts: Vec<OpsCohort>,
    empty: String,
    more: Option<String>,
) -> impl IntoView + use<> {
    if cohorts.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    let party = match beside {
        Beside::Trainer => td_string!(l, clients.col_trainer),
        Beside::Client => td_string!(l, clients.col_client),
    };
    view! {
        <TableFrame label>
            <table id=id>
                <thead><tr>
                    <th scope="col">{td_string!(l, kpi.col_cohort)}</th>
                    <th scope="col">{party}</th>
                    <th scope="col">{td_string!(l, clients.col_path)}</th>
                    <th scope="col">{td_string!(l, clients.col_status)}</th>
                    <th scope="col">{td_string!(l, clients.col_dates)}</th>
                    <th scope="col" class="num">{td_string!(l, clients.col_learners)}</th>
                    <th scope="col" class="num">{td_string!(l, clients.col_at_risk)}</th>
                    <th scope="col" class="num">{td_string!(l, clients.col_backlog)}</th>
                </tr></thead>
                <tbody>{cohorts.into_iter().map(|c| row(l, beside, c)).collect_view()}</tbody>
            </table>
        </TableFrame>
        {more.map(|m| view! { <p class="detail">{m}</p> })}
    }
    .into_any()
}
