//! `/ops/accounts?email=…`: look an account up by e-mail, disable or re-enable it, and, on a
//! learner's request, download their data or delete their account by anonymisation.

use crate::api::account::session::take_form_flash;
use crate::api::ops::accounts::{AnonymiseAccount, SetAccountStatus, find_account};
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::td_string;
use crate::model::account::{AccountStatus, AccountSummary};
use crate::model::forms::{Field, Form, FormFlash};
use crate::server::request::query_param;
use crate::ui::components::form::{ConfirmBox, FormMessage};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn AccountsPage() -> impl IntoView {
    let email = query_param("email").unwrap_or_default();
    let load = async move {
        let viewer = crate::auth::guard::require_role(Role::Operations)?.display_name;
        let found = if email.trim().is_empty() { None } else { Some(find_account(email.clone()).await?) };
        let flash = take_form_flash(Form::OpsAccounts).await?.unwrap_or_else(|| FormFlash::new(Form::OpsAccounts));
        Ok::<_, AppError>((viewer, email, found, flash))
    };
    data_page(load, |(viewer, email, found, flash)| view! { <Accounts viewer email found flash/> })
}

#[component]
fn Accounts(viewer: String, email: String, found: Option<Option<AccountSummary>>, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let error = flash.error(Field::Whole).map(|p| text::problem(l, p));
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    let result = match found {
        None => None,
        Some(None) => Some(view! { <p class="empty">{td_string!(l, accounts.none)}</p> }.into_any()),
        Some(Some(a)) => Some(view! { <Found a flash/> }.into_any()),
    };
    view! {
        <AppLayout title=td_string!(l, accounts.title).to_string() user=(Role::Operations, viewer)>
            <section class="panel">
                <h1>{td_string!(l, accounts.heading)}</h1>
                <FormMessage error notice/>
                <form method="get" action="/ops/accounts">
                    <div class="field">
                        <label for="find-email">{td_string!(l, accounts.email)}</label>
                        <input id="find-email" name="email" type="email" value=email autocomplete="off"/>
                    </div>
                    <button type="submit" class="button">{td_string!(l, accounts.find)}</button>
                </form>
                {result}
            </section>
        </AppLayout>
    }
}

#[component]
fn Found(a: AccountSummary, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let active = a.status == AccountStatus::Active;
    let status = if active { td_string!(l, accounts.active) } else { td_string!(l, accounts.disabled) };
    let button = if active { td_string!(l, accounts.disable) } else { td_string!(l, accounts.enable) };
    // Only learners' data is given out or erased on request; staff records answer for decisions.
    let personal = (a.role == Role::Learner).then(|| {
        let download = format!("/ops/accounts/{}/data.zip", a.user_id);
        view! {
            <h2 id="personal-heading">{td_string!(l, personal.ops_heading)}</h2>
            <p>{td_string!(l, personal.ops_note)}</p>
            <form method="post" action=download>
                <button type="submit" class="button secondary">{td_string!(l, personal.ops_download)}</button>
            </form>
            <form method="post" action=AnonymiseAccount::PATH novalidate=true>
                <input type="hidden" name="user_id" value=a.user_id.to_string()/>
                <ConfirmBox label=td_string!(l, personal.ops_confirm).to_string() flash/>
                <button type="submit" class="button danger">{td_string!(l, personal.ops_delete)}</button>
            </form>
        }
    });
    view! {
        <dl class="account" id="found">
            <dt>{td_string!(l, accounts.name)}</dt><dd translate="no">{a.display_name}</dd>
            <dt>{td_string!(l, accounts.email)}</dt><dd translate="no">{a.email}</dd>
            <dt>{td_string!(l, accounts.role)}</dt><dd>{text::area(l, a.role)}</dd>
            <dt>{td_string!(l, accounts.status)}</dt><dd>{status}</dd>
            <dt>{td_string!(l, accounts.sessions)}</dt><dd>{text::number(l, a.sessions)}</dd>
        </dl>
        <form method="post" action=SetAccountStatus::PATH>
            <input type="hidden" name="user_id" value=a.user_id.to_string()/>
            <input type="hidden" name="enabled" value=(!active).to_string()/>
            <button type="submit" class="button">{button}</button>
        </form>
        {personal}
    }
}
