//! A password input with a show/hide toggle: typing a long password on a small phone keyboard is
//! error-prone, and seeing it helps. Without JavaScript it is a plain password input.

use crate::ui::components::form::FieldAria;
use leptos::prelude::*;

#[island]
pub fn PasswordField(
    name: String,
    label: String,
    autocomplete: String,
    error: Option<String>,
    hint: Option<String>,
) -> impl IntoView {
    let (shown, set_shown) = signal(false);
    // The toggle only appears once this island is alive, so it never shows as a dead button.
    let (alive, set_alive) = signal(false);
    Effect::new(move |_| set_alive.set(true));
    let FieldAria { id, error_id, hint_id, described_by, invalid } = FieldAria::new(&name, error.is_some(), hint.is_some());
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <div class="password-row">
                <input
                    id=id
                    name=name
                    type=move || if shown.get() { "text" } else { "password" }
                    autocomplete=autocomplete
                    required=true
                    aria-invalid=invalid
                    aria-describedby=described_by
                />
                <button
                    type="button"
                    class="toggle"
                    hidden=move || !alive.get()
                    aria-pressed=move || if shown.get() { "true" } else { "false" }
                    on:click=move |_| set_shown.update(|s| *s = !*s)
                >
                    {move || if shown.get() { "Hide" } else { "Show" }}
                </button>
            </div>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {error.map(|e| view! { <p class="error" id=error_id>{e}</p> })}
        </div>
    }
}
