//! A password input with a show/hide toggle: typing a long password on a small phone keyboard is
//! error-prone, and seeing it helps. Without JavaScript it is a plain password input. Its words
//! arrive translated from the server, so the wasm carries no translations.

use crate::ui::aria::FieldAria;
use leptos::prelude::*;

/// The field's words in the reader's language.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct PasswordFieldText {
    pub label: String,
    pub required: String,
    pub show: String,
    pub hide: String,
    pub hint: Option<String>,
    pub error: Option<String>,
    /// Put the cursor here when the page opens (the form came back with this field wrong).
    pub autofocus: bool,
}

#[island]
pub fn PasswordField(name: String, autocomplete: String, text: PasswordFieldText) -> impl IntoView {
    let (shown, set_shown) = signal(false);
    // The toggle only appears once this island is alive, so it never shows as a dead button.
    let (alive, set_alive) = signal(false);
    Effect::new(move |_| set_alive.set(true));
    let FieldAria { id, error_id, hint_id, described_by, invalid } = FieldAria::new(&name, text.error.is_some(), text.hint.is_some());
    let controls = id.clone();
    let PasswordFieldText { label, required, show, hide, hint, error, autofocus } = text;
    view! {
        <div class="field">
            <label for=id.clone()>{label}" "<span class="required">{required}</span></label>
            <div class="password-row">
                <input
                    id=id
                    name=name
                    type=move || if shown.get() { "text" } else { "password" }
                    autocomplete=autocomplete
                    autofocus=autofocus
                    required=true
                    aria-invalid=invalid
                    aria-describedby=described_by
                />
                <button
                    type="button"
                    class="toggle"
                    hidden=move || !alive.get()
                    aria-controls=controls
                    on:click=move |_| set_shown.update(|s| *s = !*s)
                >
                    {move || if shown.get() { hide.clone() } else { show.clone() }}
                </button>
            </div>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {error.map(|e| view! { <p class="error" id=error_id>{e}</p> })}
        </div>
    }
}
