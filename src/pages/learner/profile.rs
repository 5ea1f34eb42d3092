//! `/learn/profile`: the learner's name, weekly goal, time zone and language, in one plain form
//! that keeps what was typed and says what to fix.

use crate::api::account::session::take_form_flash;
use crate::api::learner::profile::{SaveSettings, get_settings};
use crate::auth::Role;
use crate::domain::language::Language;
use crate::domain::profile::{GOAL_MAX_MINUTES, zone_names};
use crate::error::AppError;
use crate::i18n::td_string;
use crate::model::forms::{Field, Form, FormFlash};
use crate::model::learner::LearnerSettings;
use crate::ui::aria::FieldAria;
use crate::ui::components::form::{FormMessage, TextField};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let load = async {
        let settings = get_settings().await?;
        let flash = take_form_flash(Form::Profile).await?;
        Ok::<_, AppError>((settings, flash))
    };
    data_page(load, |(settings, flash)| view! { <Profile settings flash/> })
}

#[component]
fn Profile(settings: LearnerSettings, flash: Option<FormFlash>) -> impl IntoView {
    let l = use_locale();
    // A form coming back with problems shows what was typed; otherwise what is stored.
    let flash = match flash {
        Some(f) if f.has_errors() => f,
        other => {
            let stored = FormFlash::new(Form::Profile)
                .with_value(Field::Name, &settings.display_name)
                .with_value(Field::WeeklyGoal, &settings.weekly_goal_minutes.to_string())
                .with_value(Field::TimeZone, &settings.time_zone)
                .with_value(Field::Language, settings.language.map_or("", |l| l.code()));
            match other.and_then(|f| f.notice) {
                Some(n) => stored.with_notice(n),
                None => stored,
            }
        }
    };
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    let zone = flash.value(Field::TimeZone);
    let language = flash.value(Field::Language);
    let zone_error = flash.error(Field::TimeZone).map(|p| text::problem(l, p));
    let language_error = flash.error(Field::Language).map(|p| text::problem(l, p));
    let zone_aria = FieldAria::new(Field::TimeZone.as_str(), zone_error.is_some(), true);
    let language_aria = FieldAria::new(Field::Language.as_str(), language_error.is_some(), false);
    let zones = zone_names().map(|z| view! { <option value=z selected=(z == zone).then_some(true)>{z}</option> }).collect_view();
    let languages = Language::all()
        .map(|lang| {
            let code = lang.code();
            view! { <option value=code lang=code selected=(code == language).then_some(true)>{text::endonym(l, lang)}</option> }
        })
        .collect_view();
    view! {
        <AppLayout title=td_string!(l, profile.title).to_string() user=(Role::Learner, settings.display_name.clone())>
            <section class="panel narrow">
                <h1>{td_string!(l, profile.title)}</h1>
                <FormMessage notice/>
                <form method="post" action=SaveSettings::PATH novalidate=true>
                    <TextField field=Field::Name label=td_string!(l, profile.name).to_string() autocomplete="name" flash=flash.clone()/>
                    <TextField field=Field::WeeklyGoal kind="number" label=td_string!(l, profile.goal).to_string() flash=flash.clone()
                        hint=Some(td_string!(l, profile.goal_hint, max = i64::from(GOAL_MAX_MINUTES)).to_string())/>
                    <div class="field">
                        <label for=zone_aria.id.clone()>{td_string!(l, profile.zone)}</label>
                        <select id=zone_aria.id name=Field::TimeZone.as_str() translate="no" aria-invalid=zone_aria.invalid
                            aria-describedby=zone_aria.described_by autofocus=(flash.focus() == Some(Field::TimeZone)).then_some(true)>
                            {zones}
                        </select>
                        <p class="hint" id=zone_aria.hint_id>{td_string!(l, profile.zone_hint)}</p>
                        {zone_error.map(|e| view! { <p class="error" id=zone_aria.error_id.clone()>{e}</p> })}
                    </div>
                    <div class="field">
                        <label for=language_aria.id.clone()>{td_string!(l, profile.language)}</label>
                        <select id=language_aria.id name=Field::Language.as_str() aria-invalid=language_aria.invalid
                            aria-describedby=language_aria.described_by>
                            <option value="" selected=language.is_empty().then_some(true)>{td_string!(l, profile.language_browser)}</option>
                            {languages}
                        </select>
                        {language_error.map(|e| view! { <p class="error" id=language_aria.error_id.clone()>{e}</p> })}
                    </div>
                    <button type="submit" class="button">{td_string!(l, profile.save)}</button>
                </form>
            </section>
        </AppLayout>
    }
}
