//! A data table's frame: on a narrow screen the table scrolls sideways inside it, so the frame is
//! a named region that takes keyboard focus (arrow keys scroll it without a mouse).

use leptos::prelude::*;

#[component]
pub fn TableFrame(
    /// What the table holds, announced when the frame takes focus.
    label: String,
    children: Children,
) -> impl IntoView {
    view! { <div class="table-wrap" role="region" aria-label=label tabindex="0">{children()}</div> }
}
