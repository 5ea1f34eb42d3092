//! `/learn/saved`: the lessons saved on this phone for offline use, the space they take and a
//! way to remove each, then any queued action the server refused. The list is the phone's own
//! (IndexedDB), so `public/offline.js` draws it; without scripts the page says why it is empty.

use crate::api::learner::saved::get_saved_page;
use crate::auth::Role;
use crate::i18n::td_string;
use crate::model::learner::SavedPage;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::text::use_locale;
use leptos::prelude::*;

#[component]
pub fn SavedPage() -> impl IntoView {
    data_page(get_saved_page(), |p| view! { <Saved p/> })
}

#[component]
fn Saved(p: SavedPage) -> impl IntoView {
    let l = use_locale();
    view! {
        <AppLayout title=td_string!(l, offline.saved_title).to_string() user=(Role::Learner, p.display_name)>
            <h1>{td_string!(l, offline.saved_title)}</h1>
            <section class="panel" aria-labelledby="saved-heading">
                <h2 id="saved-heading" class="visually-hidden">{td_string!(l, offline.saved_title)}</h2>
                <p>{td_string!(l, offline.saved_intro)}</p>
                <div id="saved-list" aria-live="polite">
                    <p class="empty">{td_string!(l, offline.needs_script)}</p>
                </div>
            </section>
        </AppLayout>
    }
}
