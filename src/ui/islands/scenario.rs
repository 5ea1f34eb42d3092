//! A practice scenario's island. The server renders every step, the ones ahead hidden, each
//! current one a plain form that works with no script (an answer reloads the page with its
//! feedback). Once the wasm arrives, an answer goes in the background instead
//! (`answer_step` as JSON): its feedback appears under the steps, a right answer shows the step as
//! passed and opens the next one with the focus on it, and the last says what it earned. Only
//! the server knows the right answers; the island never sees one before it is given.

use super::dom;
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::{Array, JSON, Reflect};
use web_sys::{Element, HtmlButtonElement, HtmlFormElement};

/// Wraps the server-rendered `section#scenario`: each step a `div.step` with `data-step`, the
/// current one's `form` (its button with `data-sending`) and a hidden `[data-passed]` block whose
/// `span` takes the chosen answer; `#step-outcome` (with `data-earned`, the heading for
/// achievements, and `data-lang`, the content's language), `#step-failed` and
/// `#scenario-complete`, hidden until needed.
#[island]
pub fn ScenarioPlayer(children: Children) -> impl IntoView {
    let root = dom::island_root(|_| {});
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        let Some(picked) = form.query_selector("input[name=choice]:checked").ok().flatten() else { return };
        ev.prevent_default();
        let Some(button) = form.query_selector("button[type=submit]").ok().flatten().and_then(|b| b.dyn_into::<HtmlButtonElement>().ok())
        else {
            return;
        };
        if button.disabled() {
            return;
        }
        let label = button.text_content().unwrap_or_default();
        button.set_text_content(Some(&dom::attr(&button, "data-sending")));
        button.set_disabled(true);
        if let Some(failed) = dom::by_id("step-failed") {
            dom::show(&failed, false);
        }
        leptos::task::spawn_local(async move {
            let outcome = send(&form, &dom::attr(&picked, "value")).await;
            button.set_text_content(Some(&label));
            button.set_disabled(false);
            match outcome {
                Some(outcome) => show_outcome(&form, &picked, &outcome),
                None => {
                    if let Some(failed) = dom::by_id("step-failed") {
                        dom::show(&failed, true);
                        dom::focus(&failed);
                    }
                }
            }
        });
    };
    view! { <div class="scenario-live" node_ref=root on:submit=on_submit>{children()}</div> }
}

/// Posts the form's fields but the page time (the page's own script reports time spent) as the
/// island's answer; the outcome, or None if it could not be sent or was refused.
async fn send(form: &HtmlFormElement, choice: &str) -> Option<JsValue> {
    let fields = web_sys::UrlSearchParams::new().ok()?;
    for name in ["lesson", "step"] {
        let field = form.query_selector(&format!("input[name={name}]")).ok()??;
        fields.append(name, &dom::attr(&field, "value"));
    }
    fields.append("choice", choice);
    let reply = gloo_net::http::Request::post(&form.action()).header("accept", "application/json").body(fields).ok()?.send().await.ok()?;
    if !reply.ok() {
        return None;
    }
    JSON::parse(&reply.text().await.ok()?).ok().filter(|o| o.is_object())
}

fn field(outcome: &JsValue, name: &str) -> JsValue {
    Reflect::get(outcome, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn text(outcome: &JsValue, name: &str) -> String {
    field(outcome, name).as_string().unwrap_or_default()
}

fn show_outcome(form: &HtmlFormElement, picked: &Element, outcome: &JsValue) {
    let Some(said) = dom::by_id("step-outcome") else { return };
    let correct = field(outcome, "correct").as_bool() == Some(true);
    let passed = field(outcome, "passed").as_f64().unwrap_or(0.0) as usize;
    let total = field(outcome, "total").as_f64().unwrap_or(0.0) as usize;

    let document = document();
    let make = |tag: &str, words: &str| {
        let element = document.create_element(tag).ok()?;
        element.set_text_content(Some(words));
        Some(element)
    };
    let Some(banner) = make("div", "") else { return };
    banner.set_class_name(if correct { "banner notice" } else { "banner feedback" });
    let feedback = make("p", &text(outcome, "feedback"));
    if let Some(feedback) = &feedback {
        let _ = feedback.set_attribute("lang", &dom::attr(&said, "data-lang"));
    }
    for part in [make("p", &text(outcome, "notice")), feedback].into_iter().flatten() {
        let _ = banner.append_child(&part);
    }
    let earned = Array::from(&field(outcome, "earned"));
    if earned.length() > 0 {
        let list = make("ul", "");
        for pair in earned.iter() {
            let pair = Array::from(&pair);
            let title = make("strong", &pair.get(0).as_string().unwrap_or_default());
            let item = make("li", "");
            if let (Some(item), Some(title), Some(list)) = (&item, title, &list) {
                let _ = item.append_child(&title);
                let _ = item.append_with_str_1(&format!(" · {}", pair.get(1).as_string().unwrap_or_default()));
                let _ = list.append_child(item);
            }
        }
        for part in [make("h2", &dom::attr(&said, "data-earned")), list].into_iter().flatten() {
            let _ = banner.append_child(&part);
        }
    }
    said.set_text_content(None);
    let _ = said.append_child(&banner);
    if !correct {
        return;
    }

    // The step is passed: its form gives way to the question and the answer chosen.
    let step = form.closest("div.step").ok().flatten();
    if let Some(block) = step.as_ref().and_then(|s| s.query_selector("[data-passed]").ok().flatten()) {
        let answer = picked.id();
        let chosen = dom::by_id("scenario").and_then(|s| s.query_selector(&format!("label[for='{answer}']")).ok().flatten());
        if let (Some(span), Some(chosen)) = (block.query_selector("span").ok().flatten(), chosen) {
            span.set_text_content(chosen.text_content().as_deref());
        }
        dom::show(&block, true);
    }
    dom::show(form, false);
    let next = dom::by_id(&format!("step-box-{passed}"));
    match next {
        Some(next) if passed < total => {
            dom::show(&next, true);
            if let Some(heading) = dom::by_id(&format!("step-{passed}")) {
                dom::focus(&heading);
            }
        }
        _ => {
            if let Some(complete) = dom::by_id("scenario-complete") {
                dom::show(&complete, true);
            }
            dom::focus(&said);
        }
    }
}
