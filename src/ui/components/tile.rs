//! A KPI or figure tile: a label, a big value, and what it means.

use leptos::prelude::*;

#[component]
pub fn Tile(label: String, value: String, #[prop(optional)] detail: Option<String>, #[prop(optional)] id: &'static str) -> impl IntoView {
    view! {
        <section class="tile" id=(!id.is_empty()).then_some(id)>
            <h3>{label}</h3>
            <p class="value">{value}</p>
            {detail.map(|d| view! { <p class="detail">{d}</p> })}
        </section>
    }
}
