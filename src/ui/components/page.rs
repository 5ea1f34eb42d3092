//! Page plumbing written once: pages that load data (render it, or explain why not), guest pages
//! (sign-in, sign-up: signed-in users go home, the form's flash comes back), and error pages.

use crate::api::account::session::{get_current_user, take_form_flash};
use crate::error::AppError;
use crate::i18n::td_string;
use crate::model::forms::{Form, FormFlash};
use crate::ui::components::layout::AppLayout;
use crate::ui::response;
use crate::ui::text::{self, use_locale};
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

/// A page for visitors: someone already signed in goes to their own area; the form's flash from
/// the last post (problems, typed values, notices) is taken and handed to `render`.
pub fn guest_page<V>(form: Form, render: impl FnOnce(FormFlash) -> V + Send + 'static) -> impl IntoView
where
    V: IntoView + 'static,
{
    view! {
        <Suspense>
            {Suspend::new(async move {
                if let Ok(Some(u)) = get_current_user().await {
                    response::redirect(u.role.home_path());
                }
                let flash = take_form_flash(form).await.ok().flatten().unwrap_or_else(|| FormFlash::new(form));
                render(flash)
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
    let l = use_locale();
    let (title, body) = text::error(l, &error);
    view! {
        <AppLayout title=title.clone()>
            <section class="panel">
                <h1>{title}</h1>
                <p>{body}</p>
                <p class="actions">
                    <a class="button" href="/">{td_string!(l, error.go_home)}</a>
                    <a class="button secondary" href="/signin">{td_string!(l, error.sign_in)}</a>
                </p>
            </section>
        </AppLayout>
    }
}
