//! `/signup`: a new learner account; every problem is reported at once and nothing typed is lost.

use crate::api::auth::{SignUp, get_current_user, take_form_flash};
use crate::domain::account::PASSWORD_MIN_CHARS;
use crate::model::FormFlash;
use crate::ui::components::form::{FormMessage, TextField};
use crate::ui::components::layout::{AppLayout, IslandsRuntime};
use crate::ui::islands::password_field::PasswordField;
use crate::ui::response;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn SignUpPage() -> impl IntoView {
    view! {
        <Suspense>
            {Suspend::new(async move {
                // Someone already signed in goes straight to their own area.
                if let Ok(Some(u)) = get_current_user().await {
                    response::redirect(u.role.home_path());
                }
                let flash = take_form_flash("signup".into()).await.ok().flatten().unwrap_or_default();
                view! { <SignUpForm flash/> }
            })}
        </Suspense>
    }
}

#[component]
fn SignUpForm(flash: FormFlash) -> impl IntoView {
    let problems = flash.has_errors().then(|| "Please fix the fields marked below.".to_string());
    view! {
        <AppLayout title="Create an account".to_string()>
            <section class="panel narrow">
                <h1>"Create a learner account"</h1>
                <FormMessage error=problems/>
                <form method="post" action=SignUp::PATH novalidate=true>
                    <TextField name="name" label="Your name" autocomplete="name"
                        value=flash.value("name") error=flash.error("name")/>
                    <TextField name="email" label="E-mail" kind="email" autocomplete="email"
                        value=flash.value("email") error=flash.error("email")/>
                    <PasswordField name="password".to_string() label="Password".to_string()
                        autocomplete="new-password".to_string()
                        hint=Some(format!("At least {PASSWORD_MIN_CHARS} characters. A short sentence is easy to remember."))
                        error=flash.error("password")/>
                    <button type="submit" class="button">"Create account"</button>
                </form>
                <p>"Already have an account? "<a href="/signin">"Sign in"</a></p>
            </section>
            <IslandsRuntime/>
        </AppLayout>
    }
}
