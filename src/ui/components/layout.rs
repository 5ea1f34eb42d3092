//! The page frame: header with the area's name, who is signed in, and sign-out.

use crate::api::auth::SignOut;
use crate::auth::Role;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn AppLayout(
    /// The document title, before " · RuralRise".
    title: String,
    /// The signed-in user's role and name, when someone is signed in.
    #[prop(optional)]
    user: Option<(Role, String)>,
    children: Children,
) -> impl IntoView {
    let nav = user.map(|(role, name)| {
        let extra = (role == Role::Operations).then(|| view! { <a href="/ops/trainers">"Trainers"</a> });
        view! {
            <nav aria-label="Main">
                <a href=role.home_path()>{role.area_name()}</a>
                {extra}
                <span class="who">{name}</span>
                <form method="post" action=SignOut::PATH class="inline">
                    <button type="submit" class="link">"Sign out"</button>
                </form>
            </nav>
        }
    });
    view! {
        <Title text=format!("{title} · RuralRise")/>
        <header class="top">
            <a class="brand" href="/">"RuralRise"</a>
            {nav}
        </header>
        <main id="main">{children()}</main>
    }
}

/// Loads the islands' code; only pages that have islands include it, so the rest cost no script.
#[component]
pub fn IslandsRuntime() -> impl IntoView {
    use_context::<LeptosOptions>().map(|options| view! { <leptos::hydration::HydrationScripts options islands=true/> })
}
