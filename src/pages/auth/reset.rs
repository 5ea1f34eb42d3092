//! `/reset`: ask for a password-reset link; `/reset/new?token=…`: choose the new password through it.

use crate::api::account::recovery::{RequestReset, ResetPassword, link_works};
use crate::domain::account::PASSWORD_MIN_CHARS;
use crate::i18n::td_string;
use crate::model::account::TokenPurpose;
use crate::model::forms::{Field, Form, FormFlash, Problem};
use crate::server::request::query_param;
use crate::ui::components::form::{FormMessage, Password, PasswordScript, TextField};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::{data_page, guest_page};
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn ResetRequestPage() -> impl IntoView {
    guest_page(Form::ResetRequest, |flash| view! { <ResetRequestForm flash/> })
}

#[component]
fn ResetRequestForm(flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let error = flash.error(Field::Whole).map(|p| text::problem(l, p));
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    view! {
        <AppLayout title=td_string!(l, reset.title).to_string()>
            <section class="panel narrow">
                <h1>{td_string!(l, reset.heading)}</h1>
                <FormMessage error notice/>
                <p>{td_string!(l, reset.intro)}</p>
                <form method="post" action=RequestReset::PATH novalidate=true>
                    <TextField field=Field::Email label=td_string!(l, reset.email).to_string() kind="email" autocomplete="email" flash/>
                    <button type="submit" class="button">{td_string!(l, reset.submit)}</button>
                </form>
                <p><a href="/signin">{td_string!(l, error.sign_in)}</a></p>
            </section>
        </AppLayout>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let token = query_param("token").unwrap_or_default();
    guest_page(Form::ResetPassword, move |flash| {
        let check = link_works(TokenPurpose::ResetPassword, token.clone());
        data_page(check, move |works| view! { <ResetPasswordForm flash token works/> })
    })
}

#[component]
fn ResetPasswordForm(flash: FormFlash, token: String, works: bool) -> impl IntoView {
    let l = use_locale();
    let body = if works {
        view! {
            <p>{td_string!(l, reset.other_sessions)}</p>
            <form method="post" action=ResetPassword::PATH novalidate=true>
                <input type="hidden" name="token" value=token/>
                <Password label=td_string!(l, reset.password).to_string() autocomplete="new-password" flash
                    hint=Some(td_string!(l, signup.password_hint, min = PASSWORD_MIN_CHARS).to_string())/>
                <button type="submit" class="button">{td_string!(l, reset.save)}</button>
            </form>
            <PasswordScript/>
        }
        .into_any()
    } else {
        view! {
            <FormMessage error=Some(text::problem(l, Problem::LinkInvalid))/>
            <p><a class="button" href="/reset">{td_string!(l, reset.ask_again)}</a></p>
        }
        .into_any()
    };
    view! {
        <AppLayout title=td_string!(l, reset.title).to_string()>
            <section class="panel narrow">
                <h1>{td_string!(l, reset.new_heading)}</h1>
                {body}
            </section>
        </AppLayout>
    }
}
