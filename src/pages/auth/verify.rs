//! `/verify?token=…`: confirm the e-mail address with one button (opening a link changes nothing);
//! `/verify/resend`: ask for the link again.

use crate::api::account::recovery::link_works;
use crate::api::account::verification::{ResendVerification, VerifyEmail};
use crate::i18n::td_string;
use crate::model::account::TokenPurpose;
use crate::model::forms::{Field, Form, FormFlash, Problem};
use crate::server::request::query_param;
use crate::ui::components::form::{FormMessage, TextField};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::{data_page, guest_page};
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn VerifyPage() -> impl IntoView {
    let token = query_param("token").unwrap_or_default();
    let check = link_works(TokenPurpose::VerifyEmail, token.clone());
    data_page(check, move |works| view! { <VerifyForm token works/> })
}

#[component]
fn VerifyForm(token: String, works: bool) -> impl IntoView {
    let l = use_locale();
    let body = if works {
        view! {
            <p>{td_string!(l, verify.intro)}</p>
            <form method="post" action=VerifyEmail::PATH>
                <input type="hidden" name="token" value=token/>
                <button type="submit" class="button">{td_string!(l, verify.submit)}</button>
            </form>
        }
        .into_any()
    } else {
        view! {
            <FormMessage error=Some(text::problem(l, Problem::LinkInvalid))/>
            <p><a class="button" href="/verify/resend">{td_string!(l, verify.resend_heading)}</a></p>
        }
        .into_any()
    };
    view! {
        <AppLayout title=td_string!(l, verify.title).to_string()>
            <section class="panel narrow">
                <h1>{td_string!(l, verify.heading)}</h1>
                {body}
            </section>
        </AppLayout>
    }
}

#[component]
pub fn ResendPage() -> impl IntoView {
    guest_page(Form::VerifyResend, |flash| view! { <ResendForm flash/> })
}

#[component]
fn ResendForm(flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let error = flash.error(Field::Whole).map(|p| text::problem(l, p));
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    view! {
        <AppLayout title=td_string!(l, verify.title).to_string()>
            <section class="panel narrow">
                <h1>{td_string!(l, verify.resend_heading)}</h1>
                <FormMessage error notice/>
                <p>{td_string!(l, verify.resend_intro)}</p>
                <form method="post" action=ResendVerification::PATH novalidate=true>
                    <TextField field=Field::Email label=td_string!(l, verify.email).to_string() kind="email" autocomplete="email" flash/>
                    <button type="submit" class="button">{td_string!(l, verify.resend_submit)}</button>
                </form>
                <p><a href="/signin">{td_string!(l, error.sign_in)}</a></p>
            </section>
        </AppLayout>
    }
}
