//! The grading form's island. The server renders the whole form, which grades, saves and goes to
//! the next with no script. Once the wasm arrives: keys 1–9 pick a level of the criterion being
//! graded (then move on to the next one still open), `n` saves and goes to the next, `f` goes to
//! the flag, `?` shows or hides the list of keys; and the feedback typed is kept in the browser
//! until it is saved, so a closed tab, a dead battery or a lost connection loses none of it.

use super::dom;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement, KeyboardEvent};

/// Wraps the server-rendered `form#grade-form` (with `data-draft-key`, unique to the submission
/// and the save it was drawn from), its `fieldset.criterion`s of radio levels, `#feedback`,
/// `#save-next`, the hidden `#keys-hint` line and `#keys-help` list, and `#draft-restored`.
#[island]
pub fn GradingKeys(children: Children) -> impl IntoView {
    let root = dom::island_root(|root| {
        if let Some(hint) = dom::by_id("keys-hint") {
            dom::show(&hint, true);
        }
        restore_draft(root);
    });
    let _ = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        let Some(root) = root.get_untracked() else { return };
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing(&ev) {
            return;
        }
        let key = ev.key();
        let handled = match key.as_str() {
            "n" => dom::by_id("save-next").and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()).map(|b| b.click()).is_some(),
            "f" => dom::by_id("flag-reason").or_else(|| dom::by_id("unflag")).map(|e| dom::focus(&e)).is_some(),
            "?" => dom::by_id("keys-help").map(|h| dom::show(&h, h.has_attribute("hidden"))).is_some(),
            k if k.len() == 1 && k.as_bytes()[0].is_ascii_digit() && k != "0" => pick(&root, usize::from(k.as_bytes()[0] - b'1')),
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        let Some(area) = ev.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) else { return };
        if let (Some(root), Some(store)) = (root.get_untracked(), storage()) {
            let _ = store.set_item(&draft_key(&root), &area.value());
        }
    };
    let on_submit = move |_: leptos::ev::SubmitEvent| {
        // Sent: the server keeps what comes back refused, so the browser's copy can go.
        if let (Some(root), Some(store)) = (root.get_untracked(), storage()) {
            let _ = store.remove_item(&draft_key(&root));
        }
    };
    view! {
        <div class="grading-live" node_ref=root on:input=on_input on:submit=on_submit>
            {children()}
        </div>
    }
}

/// Keys typed into a field are the field's, not shortcuts (a radio or a button is fine).
fn typing(ev: &KeyboardEvent) -> bool {
    let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return false };
    match target.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => !matches!(target.get_attribute("type").as_deref(), Some("radio" | "checkbox" | "submit" | "button")),
        _ => false,
    }
}

/// Picks level `level` (0 = weakest) of the criterion that has the focus, or else of the first
/// one still open; the focus then moves to the next criterion still open, so "3 2 2" grades three.
fn pick(root: &Element, level: usize) -> bool {
    let criteria = dom::all(root, "fieldset.criterion");
    let focused = leptos::prelude::document().active_element();
    let current = criteria
        .iter()
        .position(|c| focused.as_ref().is_some_and(|f| c.contains(Some(f))))
        .or_else(|| criteria.iter().position(|c| c.query_selector("input:checked").ok().flatten().is_none()));
    let Some(i) = current else { return false };
    let radios = dom::all(&criteria[i], "input[type=radio]");
    let Some(radio) = radios.get(level).and_then(|r| r.dyn_ref::<HtmlInputElement>().cloned()) else { return false };
    radio.set_checked(true);
    let next = criteria.iter().skip(i + 1).find(|c| c.query_selector("input:checked").ok().flatten().is_none());
    match next.and_then(|c| c.query_selector("input[type=radio]").ok().flatten()) {
        Some(first) => dom::focus(&first),
        None => dom::focus(&radio),
    }
    true
}

fn storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

fn draft_key(root: &Element) -> String {
    root.query_selector("[data-draft-key]").ok().flatten().map(|f| dom::attr(&f, "data-draft-key")).unwrap_or_default()
}

/// Puts back feedback typed on this page before and never sent, unless the page already holds
/// something typed (a refused post brings its own copy back). Feedback the server drafted from
/// the pre-score (`data-drafted`) is not typing: what the trainer typed over it wins.
fn restore_draft(root: &Element) {
    let Some(store) = storage() else { return };
    let Some(draft) = store.get_item(&draft_key(root)).ok().flatten().filter(|d| !d.trim().is_empty()) else { return };
    let Some(area) = dom::by_id("feedback").and_then(|a| a.dyn_into::<HtmlTextAreaElement>().ok()) else { return };
    if area.value().trim().is_empty() || area.has_attribute("data-drafted") {
        area.set_value(&draft);
        if let Some(note) = dom::by_id("draft-restored") {
            dom::show(&note, true);
        }
        if let Some(hint) = dom::by_id("draft-hint") {
            dom::show(&hint, false);
        }
    }
}
