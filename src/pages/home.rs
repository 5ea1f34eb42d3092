//! `/`: signed-in users go to their own area; visitors see what RuralRise is and how to start.

use crate::api::account::session::get_current_user;
use crate::i18n::td_string;
use crate::ui::components::layout::AppLayout;
use crate::ui::response;
use crate::ui::text::use_locale;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let l = use_locale();
    view! {
        <Suspense>
            {Suspend::new(async move {
                if let Ok(Some(u)) = get_current_user().await {
                    response::redirect(u.role.home_path());
                }
            })}
            <AppLayout title=td_string!(l, home.title).to_string()>
                <section class="panel hero">
                    <h1>{td_string!(l, home.heading)}</h1>
                    <p>{td_string!(l, home.intro)}</p>
                    <p class="actions">
                        <a class="button" href="/signin">{td_string!(l, home.sign_in)}</a>
                        <a class="button secondary" href="/signup">{td_string!(l, home.create_account)}</a>
                    </p>
                </section>
            </AppLayout>
        </Suspense>
    }
}
