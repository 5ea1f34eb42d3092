//! The page frame: a skip link, the header (area, who is signed in, language, sign-out) and the
//! main landmark the skip link leads to.

use crate::api::account::language::SetLanguage;
use crate::api::account::session::SignOut;
use crate::auth::Role;
use crate::domain::language::Language;
use crate::i18n::td_string;
use crate::server::request::{CurrentPath, Unread};
use crate::ui::text::{self, use_language, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn AppLayout(
    /// The page's own title, before " · RuralRise".
    title: String,
    /// The signed-in user's role and name, when someone is signed in.
    #[prop(optional)]
    user: Option<(Role, String)>,
    children: Children,
) -> impl IntoView {
    let l = use_locale();
    let is_learner = user.as_ref().is_some_and(|(role, _)| *role == Role::Learner);
    let nav = user.map(|(role, name)| {
        let learner = (role == Role::Learner).then(|| {
            let unread = use_context::<Unread>().map_or(0, |u| u.0);
            let inbox = if unread > 0 {
                td_string!(l, layout.inbox_unread, count = unread).to_string()
            } else {
                td_string!(l, layout.inbox).to_string()
            };
            view! {
                <a href="/learn/paths">{td_string!(l, layout.paths)}</a>
                <a href="/learn/saved">{td_string!(l, layout.saved)}</a>
                <a href="/learn/inbox" id="inbox-link">{inbox}</a>
            }
        });
        let trainer = (role == Role::Trainer).then(|| {
            view! {
                <a href="/train/queue">{td_string!(l, layout.queue)}</a>
                <a href="/train/at-risk">{td_string!(l, layout.at_risk)}</a>
                <a href="/train/performance">{td_string!(l, layout.performance)}</a>
            }
        });
        let extra = (role == Role::Operations).then(|| {
            view! {
                <a href="/ops/clients">{td_string!(l, layout.clients)}</a>
                <a href="/ops/trainers">{td_string!(l, layout.trainers)}</a>
                <a href="/ops/redistribute">{td_string!(l, layout.redistribute)}</a>
                <a href="/ops/risks">{td_string!(l, layout.risks)}</a>
                <a href="/ops/quality">{td_string!(l, layout.quality)}</a>
                <a href="/ops/reports">{td_string!(l, layout.reports)}</a>
                <a href="/ops/recommendations">{td_string!(l, layout.recommendations)}</a>
                <a href="/ops/accounts">{td_string!(l, layout.accounts)}</a>
                <a href="/ops/audit">{td_string!(l, layout.audit)}</a>
                <a href="/ops/health">{td_string!(l, layout.health)}</a>
            }
        });
        view! {
            <nav aria-label=td_string!(l, layout.main_nav)>
                <a href=role.home_path()>{text::area(l, role)}</a>
                {learner}
                {trainer}
                {extra}
                <a href="/account">{td_string!(l, layout.my_account)}</a>
            </nav>
            <p class="who">{td_string!(l, layout.signed_in_as, name = name)}</p>
            <form method="post" action=SignOut::PATH class="inline">
                <button type="submit" class="link">{td_string!(l, layout.sign_out)}</button>
            </form>
        }
    });
    let offline = is_learner.then(|| view! { <OfflineLayer/> });
    view! {
        <Title text=td_string!(l, layout.title, page = title).to_string()/>
        <a class="skip" href="#main">{td_string!(l, layout.skip_to_content)}</a>
        <header class="top">
            <a class="brand" href="/">"RuralRise"</a>
            {nav}
            <LanguageSwitcher/>
            {offline}
        </header>
        <main id="main" tabindex="-1">{children()}</main>
    }
}

/// The learner's offline layer: the sync status line (empty and hidden until the script fills
/// it, with the words it may need as JSON in `data-words`) and the deferred scripts, so the page
/// reads the same before, or without, them.
#[component]
fn OfflineLayer() -> impl IntoView {
    let l = use_locale();
    let nonce = leptos::nonce::use_nonce();
    let user = crate::server::request::caller().ok().flatten().map(|u| u.user_id.to_string()).unwrap_or_default();
    // One attribute for all the words: an element takes at most 26.
    let words: serde_json::Map<String, serde_json::Value> = [
        ("online", td_string!(l, offline.online).to_string()),
        ("offline", td_string!(l, offline.offline).to_string()),
        ("waiting-one", td_string!(l, offline.one_waiting).to_string()),
        ("waiting-other", td_string!(l, offline.many_waiting).to_string()),
        ("all-sent", td_string!(l, offline.all_sent).to_string()),
        ("synced", td_string!(l, offline.synced).to_string()),
        ("failed-network", td_string!(l, offline.failed_network).to_string()),
        ("failed-offline", td_string!(l, offline.failed_offline).to_string()),
        ("failed-server", td_string!(l, offline.failed_server).to_string()),
        ("failed-signed-out", td_string!(l, offline.failed_signed_out).to_string()),
        ("failed-rejected", td_string!(l, offline.failed_rejected).to_string()),
        ("retrying", td_string!(l, offline.retrying).to_string()),
        ("refused-one", td_string!(l, offline.one_refused).to_string()),
        ("refused-other", td_string!(l, offline.many_refused).to_string()),
        ("copy", td_string!(l, offline.copy).to_string()),
        ("mb", td_string!(l, offline.mb).to_string()),
        ("kb", td_string!(l, offline.kb).to_string()),
        ("saving", td_string!(l, offline.saving).to_string()),
        ("saved-all", td_string!(l, offline.saved_all).to_string()),
        ("saved-button", td_string!(l, offline.saved_button).to_string()),
        ("save-failed", td_string!(l, offline.save_failed).to_string()),
        ("saved-total", td_string!(l, offline.saved_total).to_string()),
        ("saved-none", td_string!(l, offline.saved_none).to_string()),
        ("saved-on", td_string!(l, offline.saved_on).to_string()),
        ("remove", td_string!(l, offline.remove).to_string()),
        ("remove-named", td_string!(l, offline.remove_named).to_string()),
        ("refused-title", td_string!(l, offline.refused_title).to_string()),
        ("queued-done", td_string!(l, offline.queued_done).to_string()),
        ("queued-quiz", td_string!(l, offline.queued_quiz).to_string()),
        ("provisional-title", td_string!(l, offline.provisional_title).to_string()),
        ("provisional-score", td_string!(l, offline.provisional_score).to_string()),
        ("provisional-part", td_string!(l, offline.provisional_part).to_string()),
        ("item-right", td_string!(l, offline.item_right).to_string()),
        ("item-wrong", td_string!(l, offline.item_wrong).to_string()),
        ("item-open", td_string!(l, offline.item_open).to_string()),
        ("provisional-note", td_string!(l, offline.provisional_note).to_string()),
        ("provisional-refused", td_string!(l, offline.provisional_refused).to_string()),
        ("confirmed", td_string!(l, offline.confirmed).to_string()),
        ("confirmed-later", td_string!(l, offline.confirmed_later).to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v)))
    .collect();
    let words = serde_json::Value::Object(words).to_string();
    view! {
        <p id="sync-status" class="sync" role="status" hidden=true data-user=user data-words=words></p>
        <script src=IDB_PATH defer=true nonce=nonce.clone()></script>
        <script src="/offline.js" defer=true nonce=nonce></script>
    }
}

/// The vendored IndexedDB wrapper (npm's idb, copied by scripts/setup.sh under its version).
pub const IDB_PATH: &str = "/vendor/idb-8.0.4.umd.js";

/// Three buttons in a plain form: works without JavaScript, returns to the same page, and each
/// language is named in itself so a reader finds theirs whatever the page is in now.
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let l = use_locale();
    let current = use_language();
    let return_to = use_context::<CurrentPath>().map(|p| p.0).unwrap_or_else(|| "/".to_owned());
    let buttons = Language::all()
        .map(|language| {
            let is_current = language == current;
            view! {
                <button type="submit" class="lang" name="language" value=language.code() lang=language.code()
                    aria-current=is_current.then_some("true")>
                    {text::endonym(l, language)}
                    {is_current.then(|| view! { <span class="visually-hidden">" "{td_string!(l, layout.current_language)}</span> })}
                </button>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=SetLanguage::PATH class="languages">
            <input type="hidden" name="return_to" value=return_to/>
            <div role="group" aria-label=td_string!(l, layout.change_language)>{buttons}</div>
        </form>
    }
}

/// Loads the islands' code; only pages that have islands include it, so the rest cost no script.
#[component]
pub fn IslandsRuntime() -> impl IntoView {
    use_context::<LeptosOptions>().map(|options| view! { <leptos::hydration::HydrationScripts options islands=true/> })
}
