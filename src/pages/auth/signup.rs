//! `/signup`: a new learner account; every problem is reported at once and nothing typed is lost.

use crate::api::account::signup::SignUp;
use crate::domain::account::PASSWORD_MIN_CHARS;
use crate::i18n::td_string;
use crate::model::forms::{Field, Form, FormFlash};
use crate::ui::components::form::{FormMessage, Password, PasswordScript, TextField};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::guest_page;
use crate::ui::text::use_locale;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn SignUpPage() -> impl IntoView {
    guest_page(Form::SignUp, |flash| view! { <SignUpForm flash/> })
}

#[component]
fn SignUpForm(flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let problems = flash.has_errors().then(|| td_string!(l, signup.fix_fields).to_string());
    view! {
        <AppLayout title=td_string!(l, signup.title).to_string()>
            <section class="panel narrow">
                <h1>{td_string!(l, signup.heading)}</h1>
                <FormMessage error=problems/>
                <form method="post" action=SignUp::PATH novalidate=true>
                    <TextField field=Field::Name label=td_string!(l, signup.name).to_string() autocomplete="name" flash=flash.clone()/>
                    <TextField field=Field::Email label=td_string!(l, signup.email).to_string() kind="email"
                        autocomplete="email" flash=flash.clone()/>
                    <Password label=td_string!(l, signup.password).to_string() autocomplete="new-password" flash
                        hint=Some(td_string!(l, signup.password_hint, min = PASSWORD_MIN_CHARS).to_string())/>
                    <button type="submit" class="button">{td_string!(l, signup.submit)}</button>
                </form>
                <p>{td_string!(l, signup.have_account)}" "<a href="/signin">{td_string!(l, signup.sign_in)}</a></p>
            </section>
            <PasswordScript/>
        </AppLayout>
    }
}
