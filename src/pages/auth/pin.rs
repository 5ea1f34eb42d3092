//! `/pin`: type the class's sign-in code; `/pin/{code}`: tap your picture or name and type your
//! PIN. Plain forms and radio buttons, so they work without JavaScript and read well aloud.

use crate::api::account::pin::{OpenPinCode, PinSignIn, cohort_for_pin};
use crate::domain::pin::{PIN_MAX_DIGITS, PIN_MIN_DIGITS};
use crate::i18n::{td, td_string};
use crate::model::account::{PinCohort, PinLearner};
use crate::model::forms::{Field, Form, FormFlash};
use crate::ui::aria::FieldAria;
use crate::ui::components::form::{FormMessage, TextField};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::{data_page, guest_page};
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PinCodePage() -> impl IntoView {
    guest_page(Form::PinCode, |flash| view! { <PinCodeForm flash/> })
}

#[component]
fn PinCodeForm(flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    view! {
        <AppLayout title=td_string!(l, pin.title).to_string()>
            <section class="panel narrow">
                <h1>{td_string!(l, pin.heading)}</h1>
                <p>{td_string!(l, pin.intro)}</p>
                <form method="post" action=OpenPinCode::PATH novalidate=true>
                    <TextField field=Field::Code label=td_string!(l, pin.code).to_string() autocomplete="off" flash
                        hint=Some(td_string!(l, pin.code_hint).to_string())/>
                    <button type="submit" class="button">{td_string!(l, pin.go_on)}</button>
                </form>
                <p><a href="/signin">{td_string!(l, pin.email_instead)}</a></p>
            </section>
        </AppLayout>
    }
}

#[component]
pub fn PinSignInPage() -> impl IntoView {
    let code = use_params_map().with_untracked(|p| p.get("code")).unwrap_or_default();
    guest_page(Form::PinSignIn, move |flash| data_page(cohort_for_pin(code), move |cohort| view! { <PinSignInForm cohort flash/> }))
}

#[component]
fn PinSignInForm(cohort: PinCohort, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let whole = flash.error(Field::Whole).map(|p| text::problem(l, p));
    let name = cohort.cohort_name.clone();
    let heading = td!(l, pin.class_heading, cohort = move || view! { <span translate="no">{name.clone()}</span> });
    let body = if cohort.learners.is_empty() {
        view! { <p class="empty">{td_string!(l, pin.nobody)}</p> }.into_any()
    } else {
        let chosen = flash.value(Field::Learner);
        let who_error = flash.error(Field::Learner).map(|p| text::problem(l, p));
        let pin_error = flash.error(Field::Pin).map(|p| text::problem(l, p));
        let who_aria = FieldAria::new("learner", who_error.is_some(), false);
        let pin_aria = FieldAria::new("pin", pin_error.is_some(), true);
        let pin_focus = flash.focus() == Some(Field::Pin);
        let learners = cohort
            .learners
            .into_iter()
            .map(|learner| {
                let checked = chosen == learner.learner_id.to_string();
                view! { <LearnerChoice learner checked/> }
            })
            .collect_view();
        view! {
            <form method="post" action=PinSignIn::PATH novalidate=true>
                <input type="hidden" name="code" value=cohort.code/>
                <fieldset class="people" aria-describedby=who_aria.described_by aria-invalid=who_aria.invalid>
                    <legend>{td_string!(l, pin.who)}" "<span class="required">{td_string!(l, layout.required)}</span></legend>
                    {who_error.map(|e| view! { <p class="error" id=who_aria.error_id>{e}</p> })}
                    <ul>{learners}</ul>
                </fieldset>
                <div class="field">
                    <label for=pin_aria.id.clone()>{td_string!(l, pin.pin)}" "<span class="required">{td_string!(l, layout.required)}</span></label>
                    <input id=pin_aria.id name="pin" type="password" inputmode="numeric" autocomplete="off" maxlength="12"
                        required=true autofocus=pin_focus aria-invalid=pin_aria.invalid aria-describedby=pin_aria.described_by/>
                    <p class="hint" id=pin_aria.hint_id>{td_string!(l, pin.pin_hint, min = PIN_MIN_DIGITS, max = PIN_MAX_DIGITS)}</p>
                    {pin_error.map(|e| view! { <p class="error" id=pin_aria.error_id>{e}</p> })}
                </div>
                <button type="submit" class="button">{td_string!(l, pin.submit)}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <AppLayout title=td_string!(l, pin.title).to_string()>
            <section class="panel narrow">
                <h1>{heading}</h1>
                <FormMessage error=whole/>
                {body}
                <p><a href="/pin">{td_string!(l, pin.other_class)}</a></p>
                <p><a href="/signin">{td_string!(l, pin.email_instead)}</a></p>
            </section>
        </AppLayout>
    }
}

/// One learner to tap: the picture is decoration for sighted readers; the name is the label.
#[component]
fn LearnerChoice(learner: PinLearner, checked: bool) -> impl IntoView {
    let l = use_locale();
    let id = format!("learner-{}", learner.learner_id);
    view! {
        <li>
            <input type="radio" name="learner" id=id.clone() value=learner.learner_id.to_string() checked=checked required=true/>
            <label for=id>
                <span class="picture" aria-hidden="true">{learner.picture.emoji()}</span>
                <span translate="no">{learner.name}</span>
                <span class="visually-hidden">" ("{text::picture(l, learner.picture)}")"</span>
            </label>
        </li>
    }
}
