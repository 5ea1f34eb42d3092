//! The page for addresses we do not have.

use crate::error::AppError;
use crate::ui::components::page::PageError;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! { <PageError error=AppError::NotFound/> }
}
