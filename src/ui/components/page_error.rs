//! Pages that load data: render it, or explain why not (sign in, no access, try again).

use crate::error::AppError;
use crate::ui::components::layout::AppLayout;
use crate::ui::response;
use leptos::prelude::*;
use std::future::Future;

/// Waits for `load` (the page's server function) and renders the result with `render`, or the
/// matching error page. Nothing of the data is serialised into the page: it has no islands to feed.
pub fn data_page<T, V>(
    load: impl Future<Output = Result<T, AppError>> + Send + 'static,
    render: impl FnOnce(T) -> V + Send + 'static,
) -> impl IntoView
where
    T: Send + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense>
            {Suspend::new(async move {
                match load.await {
                    Ok(data) => render(data).into_any(),
                    Err(error) => view! { <PageError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

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
