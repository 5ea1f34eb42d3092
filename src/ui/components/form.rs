//! Form parts for plain HTML forms: labelled fields that keep their value and show their error.

use leptos::prelude::*;

/// The ids and ARIA values that tie a field's input to its hint and error message.
pub struct FieldAria {
    pub id: String,
    pub error_id: String,
    pub hint_id: String,
    pub described_by: Option<String>,
    pub invalid: Option<&'static str>,
}

impl FieldAria {
    pub fn new(name: &str, has_error: bool, has_hint: bool) -> Self {
        let id = format!("field-{name}");
        let error_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        // Screen readers announce the error first, then the hint that says how to fix it.
        let described_by = match (has_error, has_hint) {
            (true, true) => Some(format!("{error_id} {hint_id}")),
            (true, false) => Some(error_id.clone()),
            (false, true) => Some(hint_id.clone()),
            (false, false) => None,
        };
        FieldAria { id, error_id, hint_id, described_by, invalid: has_error.then_some("true") }
    }
}

#[component]
pub fn TextField(
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(default = None)] hint: Option<&'static str>,
) -> impl IntoView {
    let FieldAria { id, error_id, hint_id, described_by, invalid } = FieldAria::new(name, error.is_some(), hint.is_some());
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                required=true
                aria-invalid=invalid
                aria-describedby=described_by
            />
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {error.map(|e| view! { <p class="error" id=error_id>{e}</p> })}
        </div>
    }
}

/// A message about the whole form (not one field): an error, or a notice such as "signed out".
#[component]
pub fn FormMessage(#[prop(default = None)] error: Option<String>, #[prop(default = None)] notice: Option<String>) -> impl IntoView {
    view! {
        {error.map(|e| view! { <p class="banner error" role="alert">{e}</p> })}
        {notice.map(|n| view! { <p class="banner notice" role="status">{n}</p> })}
    }
}
