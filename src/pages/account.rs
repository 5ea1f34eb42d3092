//! `/account`: who is signed in, and where ("signed in on"), with a way to sign out any other
//! device or all of them, a form to change the password, the download of all one's data and, for
//! learners, deleting the account.

use crate::api::account::devices::{EndOtherSessions, EndSession, my_account};
use crate::api::account::password::ChangePassword;
use crate::api::account::personal::DeleteAccount;
use crate::api::account::session::take_form_flash;
use crate::auth::Role;
use crate::domain::account::PASSWORD_MIN_CHARS;
use crate::error::AppError;
use crate::i18n::td_string;
use crate::model::account::{AccountOverview, SessionInfo};
use crate::model::forms::{Field, Form, FormFlash};
use crate::ui::components::form::{ConfirmBox, FormMessage, Password, PasswordScript};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn AccountPage() -> impl IntoView {
    let load = async {
        let account = my_account().await?;
        let flash = take_form_flash(Form::Account).await?.unwrap_or_else(|| FormFlash::new(Form::Account));
        Ok::<_, AppError>((account, flash))
    };
    data_page(load, |(account, flash)| view! { <Account account flash/> })
}

#[component]
fn Account(account: AccountOverview, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    let others = account.sessions.iter().filter(|s| !s.current).count();
    let end_all = (others > 0).then(|| {
        view! {
            <form method="post" action=EndOtherSessions::PATH>
                <button type="submit" class="button secondary">{td_string!(l, account.end_others)}</button>
            </form>
        }
    });
    let delete = (account.role == Role::Learner).then(|| {
        view! {
            <h3 id="delete-heading">{td_string!(l, personal.delete_heading)}</h3>
            <p>{td_string!(l, personal.delete_note)}</p>
            <form method="post" action=DeleteAccount::PATH novalidate=true>
                <ConfirmBox label=td_string!(l, personal.delete_confirm).to_string() flash=flash.clone()/>
                <button type="submit" class="button danger">{td_string!(l, personal.delete)}</button>
            </form>
        }
    });
    view! {
        <AppLayout title=td_string!(l, account.title).to_string() user=(account.role, account.display_name.clone())>
            <section class="panel">
                <h1>{td_string!(l, account.heading)}</h1>
                <FormMessage notice/>
                <p><span translate="no">{account.display_name}</span>" · "<span translate="no">{account.email}</span></p>
                <h2>{td_string!(l, account.sessions)}</h2>
                <TableFrame label=td_string!(l, account.sessions).to_string()>
                    <table id="sessions">
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(l, account.col_device)}</th>
                                <th scope="col">{td_string!(l, account.col_started)}</th>
                                <th scope="col">{td_string!(l, account.col_last_seen)}</th>
                                <th scope="col">{td_string!(l, account.col_action)}</th>
                            </tr>
                        </thead>
                        <tbody>{account.sessions.into_iter().map(|s| view! { <SessionRow s/> }).collect_view()}</tbody>
                    </table>
                </TableFrame>
                {end_all}
            </section>
            <section class="panel narrow" aria-labelledby="password-heading">
                <h2 id="password-heading">{td_string!(l, account.password_heading)}</h2>
                <p>{td_string!(l, account.password_note)}</p>
                <form method="post" action=ChangePassword::PATH novalidate=true>
                    <Password field=Field::CurrentPassword label=td_string!(l, account.current_password).to_string()
                        autocomplete="current-password" flash=flash.clone()/>
                    <Password label=td_string!(l, account.new_password).to_string() autocomplete="new-password" flash
                        hint=Some(td_string!(l, signup.password_hint, min = PASSWORD_MIN_CHARS).to_string())/>
                    <button type="submit" class="button">{td_string!(l, account.password_save)}</button>
                </form>
                <PasswordScript/>
            </section>
            <section class="panel narrow" aria-labelledby="data-heading">
                <h2 id="data-heading">{td_string!(l, personal.heading)}</h2>
                <p>{td_string!(l, personal.download_note)}</p>
                <form method="post" action="/account/data.zip">
                    <button type="submit" class="button secondary">{td_string!(l, personal.download)}</button>
                </form>
                {delete}
            </section>
        </AppLayout>
    }
}

#[component]
fn SessionRow(s: SessionInfo) -> impl IntoView {
    let l = use_locale();
    let device = if s.device.is_empty() { td_string!(l, account.unknown_device).to_string() } else { s.device };
    let action = if s.current {
        view! { <strong>{td_string!(l, account.this_device)}</strong> }.into_any()
    } else {
        view! {
            <form method="post" action=EndSession::PATH class="inline">
                <input type="hidden" name="key" value=s.key/>
                <button type="submit" class="button secondary">{td_string!(l, account.end)}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <tr>
            <td translate="no">{device}</td>
            <td>{text::date(l, s.started_on)}</td>
            <td>{text::date(l, s.last_seen_on)}</td>
            <td>{action}</td>
        </tr>
    }
}
