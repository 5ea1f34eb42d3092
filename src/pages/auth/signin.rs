//! `/signin`: e-mail and password; problems and the typed e-mail come back after a failed post.

use crate::api::account::session::SignIn;
use crate::i18n::td_string;
use crate::model::forms::{Field, Form, FormFlash};
use crate::ui::components::form::{FormMessage, Password, PasswordScript, TextField};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::guest_page;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn SignInPage() -> impl IntoView {
    guest_page(Form::SignIn, |flash| view! { <SignInForm flash/> })
}

#[component]
fn SignInForm(flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let error = flash.error(Field::Whole).map(|p| text::problem(l, p));
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    view! {
        <AppLayout title=td_string!(l, signin.title).to_string()>
            <section class="panel narrow">
                <h1>{td_string!(l, signin.heading)}</h1>
                <FormMessage error notice/>
                <form method="post" action=SignIn::PATH novalidate=true>
                    <TextField field=Field::Email label=td_string!(l, signin.email).to_string() kind="email"
                        autocomplete="username" flash=flash.clone()/>
                    <Password label=td_string!(l, signin.password).to_string() autocomplete="current-password" flash/>
                    <button type="submit" class="button">{td_string!(l, signin.submit)}</button>
                </form>
                <p>{td_string!(l, signin.forgot)}" "<a href="/reset">{td_string!(l, signin.choose_new)}</a></p>
                <p>{td_string!(l, signin.no_link)}" "<a href="/verify/resend">{td_string!(l, signin.resend)}</a></p>
                <p>{td_string!(l, signin.pin_instead)}" "<a href="/pin">{td_string!(l, signin.pin_link)}</a></p>
                <p>{td_string!(l, signin.new_here)}" "<a href="/signup">{td_string!(l, signin.create_account)}</a></p>
            </section>
            <PasswordScript/>
        </AppLayout>
    }
}
