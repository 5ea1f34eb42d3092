//! The quiz form's island. The server renders the whole form, which works as a plain post with
//! no script. Once the wasm arrives the island counts the questions answered, stops a hand-in
//! that leaves a multiple-choice question blank (the browser cannot require a tick by itself),
//! names the questions still open and moves to the first, and disables the button while the
//! form is being sent. Its words are in the form the server rendered (`data-*` attributes).

use super::dom;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement, HtmlElement};

/// Wraps the server-rendered `form#quiz-form`: each item an `li.item` with `data-position`, a
/// `#quiz-count` line with `data-says` (a JSON list: what to say for 0, 1, … answered), a
/// `#quiz-problem` line with `data-before`/`data-after` around the list of open questions, and a
/// submit button with `data-sending`.
#[island]
pub fn QuizTaker(children: Children) -> impl IntoView {
    let root = dom::island_root(recount);
    // Coming back from the browser's history restores the page as it was left: sending.
    let _ = window_event_listener(leptos::ev::pageshow, move |_| {
        if let Some(button) = root.get_untracked().and_then(|r| submit_button(&r)) {
            button.set_disabled(false);
            if let Some(label) = button.get_attribute("data-label") {
                button.set_text_content(Some(&label));
            }
        }
    });
    let answered_now = move || {
        if let Some(root) = root.get_untracked() {
            recount(&root);
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(root) = root.get_untracked() else { return };
        let open = unanswered(&root);
        if let Some((_, first)) = open.first() {
            ev.prevent_default();
            let list = open.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>().join(", ");
            if let Some(problem) = dom::by_id("quiz-problem") {
                let said = format!("{}{list}{}", dom::attr(&problem, "data-before"), dom::attr(&problem, "data-after"));
                problem.set_text_content(Some(&said));
            }
            if let Some(field) = first.query_selector("input, textarea").ok().flatten() {
                dom::focus(&field);
            }
            return;
        }
        if let Some(button) = submit_button(&root) {
            if button.disabled() {
                ev.prevent_default();
                return;
            }
            let _ = button.set_attribute("data-label", &button.text_content().unwrap_or_default());
            button.set_text_content(Some(&dom::attr(&button, "data-sending")));
            button.set_disabled(true);
        }
    };
    view! {
        <div class="quiz-live" node_ref=root on:input=move |_| answered_now() on:change=move |_| answered_now() on:submit=on_submit>
            {children()}
        </div>
    }
}

/// The items with no answer yet: their numbers and elements, in form order.
fn unanswered(root: &Element) -> Vec<(String, Element)> {
    dom::all(root, "li.item").into_iter().filter(|item| !is_answered(item)).map(|item| (dom::attr(&item, "data-position"), item)).collect()
}

fn is_answered(item: &Element) -> bool {
    if item.query_selector("input:checked").ok().flatten().is_some() {
        return true;
    }
    dom::all(item, "input[type=text], textarea").iter().any(|field| {
        let value = match field.dyn_ref::<web_sys::HtmlInputElement>() {
            Some(input) => input.value(),
            None => field.dyn_ref::<web_sys::HtmlTextAreaElement>().map(|t| t.value()).unwrap_or_default(),
        };
        !value.trim().is_empty()
    })
}

fn recount(root: &Element) {
    let Some(count) = dom::by_id("quiz-count") else { return };
    let total = dom::all(root, "li.item").len();
    let answered = total - unanswered(root).len();
    let says = web_sys::js_sys::JSON::parse(&dom::attr(&count, "data-says")).ok();
    let said = says.map(|s| web_sys::js_sys::Reflect::get_u32(&s, answered as u32).ok().and_then(|v| v.as_string()));
    if let Some(said) = said.flatten() {
        count.set_text_content(Some(&said));
        if let Some(count) = count.dyn_ref::<HtmlElement>() {
            count.set_hidden(false);
        }
    }
}

fn submit_button(root: &Element) -> Option<HtmlButtonElement> {
    root.query_selector("button[type=submit]").ok().flatten().and_then(|b| b.dyn_into().ok())
}
