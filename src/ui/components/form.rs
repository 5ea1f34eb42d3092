//! Form parts for plain HTML forms: labelled fields that keep their value and show their error.

use leptos::prelude::*;

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
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = match (&error, &hint) {
        (Some(_), _) => Some(error_id.clone()),
        (None, Some(_)) => Some(hint_id.clone()),
        _ => None,
    };
    let invalid = error.is_some().then_some("true");
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
                aria-describedby=described
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
