//! Form parts for plain HTML forms: labelled fields that keep their value, say in words that they
//! are required, and show their problem in the reader's language.

use crate::i18n::td_string;
use crate::model::forms::{Field, FormFlash};
use crate::ui::aria::FieldAria;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;

/// "required" or "optional" after a label.
fn need(l: crate::i18n::Locale, required: bool) -> impl IntoView + use<> {
    if required {
        view! { <span class="required">{td_string!(l, layout.required)}</span> }.into_any()
    } else {
        view! { <span class="optional">{td_string!(l, layout.optional)}</span> }.into_any()
    }
}

#[component]
pub fn TextField(
    field: Field,
    label: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    /// The form's flash: the value typed last time and the problem found, if any.
    flash: FormFlash,
    #[prop(default = None)] hint: Option<String>,
    /// A field that may stay empty says "optional" instead of "required".
    #[prop(default = true)]
    required: bool,
) -> impl IntoView {
    let l = use_locale();
    let error = flash.error(field).map(|p| text::problem(l, p));
    let name = field.as_str();
    let autofocus = flash.focus() == Some(field);
    let FieldAria { id, error_id, hint_id, described_by, invalid } = FieldAria::new(name, error.is_some(), hint.is_some());
    view! {
        <div class="field">
            <label for=id.clone()>{label}" "{need(l, required)}</label>
            <input
                id=id
                name=name
                type=kind
                value=flash.value(field)
                autocomplete=autocomplete
                autofocus=autofocus
                required=required
                aria-invalid=invalid
                aria-describedby=described_by
            />
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {error.map(|e| view! { <p class="error" id=error_id>{e}</p> })}
        </div>
    }
}

/// A box to tick before something that cannot be undone; the server refuses the post without it,
/// so the check holds with JavaScript off too.
#[component]
pub fn ConfirmBox(label: String, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let error = flash.error(Field::Confirm).map(|p| text::problem(l, p));
    let FieldAria { id, error_id, described_by, invalid, .. } = FieldAria::new(Field::Confirm.as_str(), error.is_some(), false);
    view! {
        <div class="field check">
            <input id=id.clone() name=Field::Confirm.as_str() type="checkbox" value="yes" autofocus=error.is_some()
                aria-invalid=invalid aria-describedby=described_by/>
            <label for=id>{label}</label>
            {error.map(|e| view! { <p class="error" id=error_id>{e}</p> })}
        </div>
    }
}

/// A password input with a show/hide button: typing a long password on a small phone keyboard is
/// error-prone, and seeing it helps. The button is drawn hidden and `/password.js` (a few hundred
/// bytes, instead of the islands runtime) reveals and runs it; without JavaScript the field is a
/// plain password input and no dead button shows. The page adds `<PasswordScript/>` once.
#[component]
pub fn Password(
    /// Which password this is (a change form has the current one and the new one).
    #[prop(default = Field::Password)]
    field: Field,
    label: String,
    autocomplete: &'static str,
    flash: FormFlash,
    #[prop(default = None)] hint: Option<String>,
) -> impl IntoView {
    let l = use_locale();
    let error = flash.error(field).map(|p| text::problem(l, p));
    let name = field.as_str();
    let autofocus = flash.focus() == Some(field);
    let FieldAria { id, error_id, hint_id, described_by, invalid } = FieldAria::new(name, error.is_some(), hint.is_some());
    let show = td_string!(l, password.show).to_string();
    let label_now = show.clone();
    view! {
        <div class="field">
            <label for=id.clone()>{label}" "<span class="required">{td_string!(l, layout.required)}</span></label>
            <div class="password-row">
                <input
                    id=id.clone()
                    name=name
                    type="password"
                    autocomplete=autocomplete
                    autofocus=autofocus
                    required=true
                    aria-invalid=invalid
                    aria-describedby=described_by
                />
                <button
                    type="button"
                    class="toggle"
                    hidden=true
                    aria-controls=id.clone()
                    data-reveals=id
                    data-show=show
                    data-hide=td_string!(l, password.hide)
                >
                    {label_now}
                </button>
            </div>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {error.map(|e| view! { <p class="error" id=error_id>{e}</p> })}
        </div>
    }
}

/// The show/hide script for `Password` fields, allowed by the page's CSP nonce.
#[component]
pub fn PasswordScript() -> impl IntoView {
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string());
    view! { <script src="/password.js" defer=true nonce=nonce></script> }
}

/// A message about the whole form (not one field): an error, or a notice such as "signed out".
#[component]
pub fn FormMessage(#[prop(default = None)] error: Option<String>, #[prop(default = None)] notice: Option<String>) -> impl IntoView {
    view! {
        {error.map(|e| view! { <p class="banner error" role="alert">{e}</p> })}
        {notice.map(|n| view! { <p class="banner notice" role="status">{n}</p> })}
    }
}

/// A labelled select that keeps the choice sent last time and shows its problem. `options` are
/// (value, label) pairs; `placeholder` adds a first, empty choice ("Choose a sponsor") so nothing
/// is picked for the user.
#[component]
pub fn SelectField(
    field: Field,
    label: String,
    options: Vec<(String, String)>,
    flash: FormFlash,
    #[prop(default = None)] placeholder: Option<String>,
    #[prop(default = None)] hint: Option<String>,
    /// The options are names (a sponsor's: `translate="no"`) ...
    #[prop(default = false)]
    names: bool,
    /// ... or content in its own language (a path's title), not the reader's.
    #[prop(default = None)]
    lang: Option<&'static str>,
) -> impl IntoView {
    let l = use_locale();
    let error = flash.error(field).map(|p| text::problem(l, p));
    let name = field.as_str();
    let chosen = flash.value(field);
    let autofocus = flash.focus() == Some(field);
    let FieldAria { id, error_id, hint_id, described_by, invalid } = FieldAria::new(name, error.is_some(), hint.is_some());
    let empty = placeholder.map(|p| view! { <option value="" selected=chosen.is_empty().then_some(true)>{p}</option> });
    let options = options
        .into_iter()
        .map(|(value, label)| {
            let selected = (value == chosen).then_some(true);
            view! { <option value=value selected=selected lang=lang>{label}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id.clone()>{label}" "<span class="required">{td_string!(l, layout.required)}</span></label>
            <select id=id name=name required=true autofocus=autofocus aria-invalid=invalid aria-describedby=described_by
                translate=names.then_some("no")>
                {empty}
                {options}
            </select>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {error.map(|e| view! { <p class="error" id=error_id>{e}</p> })}
        </div>
    }
}

/// A labelled box for free text (a note, a message): what was typed last time comes back from the
/// flash's kept text, so a refused post loses nothing. `id` tells apart several boxes for one field.
#[component]
pub fn TextArea(
    field: Field,
    label: String,
    flash: FormFlash,
    max: usize,
    #[prop(default = None)] id: Option<String>,
    #[prop(default = 4)] rows: u32,
    #[prop(default = true)] required: bool,
) -> impl IntoView {
    let l = use_locale();
    let error = flash.error(field).map(|p| text::problem(l, p));
    let name = field.as_str();
    let value = flash.answers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let autofocus = error.is_some();
    let FieldAria { id, error_id, described_by, invalid, .. } = FieldAria::new(id.as_deref().unwrap_or(name), error.is_some(), false);
    view! {
        <div class="field">
            <label for=id.clone()>{label}{(!required).then(|| view! { " "{need(l, false)} })}</label>
            <textarea id=id name=name rows=rows.to_string() maxlength=max.to_string() required=required autofocus=autofocus
                aria-invalid=invalid aria-describedby=described_by>{value}</textarea>
            {error.map(|e| view! { <p class="error" id=error_id>{e}</p> })}
        </div>
    }
}
