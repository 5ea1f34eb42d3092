//! `/signin`: e-mail and password; errors and the typed e-mail come back after a failed post.

use crate::api::auth::{SignIn, get_current_user, take_form_flash};
use crate::model::FormFlash;
use crate::ui::components::form::{FormMessage, TextField};
use crate::ui::components::layout::{AppLayout, IslandsRuntime};
use crate::ui::islands::password_field::PasswordField;
use crate::ui::response;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn SignInPage() -> impl IntoView {
    view! {
        <Suspense>
            {Suspend::new(async move {
                // Someone already signed in goes straight to their own area.
                if let Ok(Some(u)) = get_current_user().await {
                    response::redirect(u.role.home_path());
                }
                let flash = take_form_flash("signin".into()).await.ok().flatten().unwrap_or_default();
                view! { <SignInForm flash/> }
            })}
        </Suspense>
    }
}

#[component]
fn SignInForm(flash: FormFlash) -> impl IntoView {
    view! {
        <AppLayout title="Sign in".to_string()>
            <section class="panel narrow">
                <h1>"Sign in"</h1>
                <FormMessage error=flash.error("form") notice=flash.notice.clone()/>
                <form method="post" action=SignIn::PATH novalidate=true>
                    <TextField name="email" label="E-mail" kind="email" autocomplete="username"
                        value=flash.value("email") error=flash.error("email")/>
                    <PasswordField name="password".to_string() label="Password".to_string()
                        autocomplete="current-password".to_string() hint=None error=flash.error("password")/>
                    <button type="submit" class="button">"Sign in"</button>
                </form>
                <p>"New here? "<a href="/signup">"Create a learner account"</a></p>
            </section>
            <IslandsRuntime/>
        </AppLayout>
    }
}
