//! The few DOM steps the islands share: finding elements, reading the words the server left in
//! `data-*` attributes, moving the focus. Text goes in with `set_text_content`, never as HTML.

use leptos::html::Div;
use leptos::prelude::{Effect, Get, NodeRef, document};
use leptos::wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// The island's wrapper: once the island runs in the browser it is marked `data-live` (tests and
/// the slow-link script wait for that) and `start` runs on it.
pub fn island_root(start: impl Fn(&Element) + 'static) -> NodeRef<Div> {
    let root = NodeRef::<Div>::new();
    Effect::new(move |_| {
        if let Some(root) = root.get() {
            let _ = root.set_attribute("data-live", "true");
            start(&root);
        }
    });
    root
}

pub fn by_id(id: &str) -> Option<Element> {
    document().get_element_by_id(id)
}

/// An attribute's value, or "" when it is missing.
pub fn attr(element: &Element, name: &str) -> String {
    element.get_attribute(name).unwrap_or_default()
}

/// Every element under `root` that matches `selector`, in document order.
pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()).collect()
}

pub fn focus(element: &Element) {
    if let Some(element) = element.dyn_ref::<HtmlElement>() {
        let _ = element.focus();
    }
}

pub fn show(element: &Element, shown: bool) {
    if let Some(element) = element.dyn_ref::<HtmlElement>() {
        element.set_hidden(!shown);
    }
}
