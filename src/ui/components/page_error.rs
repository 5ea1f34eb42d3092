//! What a page shows when its data cannot be had: sign in, no access, or try again.

use crate::error::AppError;
use crate::ui::components::layout::AppLayout;
use crate::ui::response;
use leptos::prelude::*;

/// Sets the matching HTTP status (or the sign-in redirect) and explains what to do next.
#[component]
pub fn PageError(error: AppError) -> impl IntoView {
    if error == AppError::Unauthenticated {
        response::redirect("/signin");
    } else {
        response::set_status(error.status());
    }
    let (title, body): (&str, String) = match &error {
        AppError::Unauthenticated => ("Please sign in", "Your session has ended. Sign in to continue.".into()),
        AppError::Forbidden => (
            "No access",
            "This area belongs to another role. Go back to your own area, or sign in with another account.".into(),
        ),
        AppError::NotFound => ("Not found", "We could not find that. Check the address.".into()),
        other => ("Something went wrong", other.to_string()),
    };
    view! {
        <AppLayout title=title.to_string()>
            <section class="panel">
                <h1>{title}</h1>
                <p>{body}</p>
                <p><a href="/">"Go to your home page"</a>" · "<a href="/signin">"Sign in"</a></p>
            </section>
        </AppLayout>
    }
}
