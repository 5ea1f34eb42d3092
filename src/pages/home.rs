//! `/`: signed-in users go to their own area; visitors see what RuralRise is and how to start.

use crate::api::auth::get_current_user;
use crate::ui::components::layout::AppLayout;
use crate::ui::response;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Suspense>
            {Suspend::new(async move {
                if let Ok(Some(u)) = get_current_user().await {
                    response::redirect(u.role.home_path());
                }
            })}
            <AppLayout title="Welcome".to_string()>
                <section class="panel hero">
                    <h1>"Learn a trade, step by step, wherever you are"</h1>
                    <p>
                        "RuralRise brings short lessons in solar maintenance, agri-business and bookkeeping "
                        "to your phone. Lessons download for when the network is gone, and your trainer follows your progress."
                    </p>
                    <p class="actions">
                        <a class="button" href="/signin">"Sign in"</a>
                        <a class="button secondary" href="/signup">"Create a learner account"</a>
                    </p>
                </section>
            </AppLayout>
        </Suspense>
    }
}
