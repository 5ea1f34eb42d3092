//! `/train/cohorts/new` and `/train/cohorts/{id}/edit`: one plain form for a cohort's name,
//! sponsor, path, dates and status. The status list offers only the moves the cohort's life
//! allows from where it stands; the server checks the move again.

use crate::api::account::session::take_form_flash;
use crate::api::trainer::cohorts::{CreateCohort, UpdateCohort, get_cohort_editor};
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::{td, td_string};
use crate::model::CONTENT_LANGUAGE;
use crate::model::forms::{Field, Form, FormFlash};
use crate::model::trainer::{CohortEditor, CohortStatus};
use crate::ui::components::form::{FormMessage, SelectField, TextField};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::{PageError, data_page};
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn NewCohortPage() -> impl IntoView {
    editor_page(None)
}

#[component]
pub fn EditCohortPage() -> impl IntoView {
    match use_params_map().with_untracked(|p| p.get("id")).and_then(|id| id.parse::<i64>().ok()) {
        Some(id) => editor_page(Some(id)).into_any(),
        None => view! { <PageError error=AppError::NotFound/> }.into_any(),
    }
}

fn editor_page(cohort: Option<i64>) -> impl IntoView {
    let load = async move {
        let editor = get_cohort_editor(cohort).await?;
        let flash = take_form_flash(Form::Cohort).await?;
        Ok::<_, AppError>((editor, flash))
    };
    data_page(load, |(editor, flash)| view! { <Editor editor flash/> })
}

#[component]
fn Editor(editor: CohortEditor, flash: Option<FormFlash>) -> impl IntoView {
    let l = use_locale();
    // A form that came back with problems shows what was typed; otherwise what is stored.
    let flash = match flash {
        Some(f) if f.has_errors() => f,
        _ => FormFlash::new(Form::Cohort)
            .with_value(Field::Name, &editor.name)
            .with_value(Field::Client, &editor.client_org_id.map(|c| c.to_string()).unwrap_or_default())
            .with_value(Field::Path, &editor.learning_path_id.map(|p| p.to_string()).unwrap_or_default())
            .with_value(Field::StartsOn, &editor.starts_on.to_string())
            .with_value(Field::EndsOn, &editor.ends_on.to_string())
            .with_value(Field::Status, editor.status.as_str()),
    };
    let error = flash.error(Field::Whole).map(|p| text::problem(l, p));
    let archived = editor.status == CohortStatus::Archived;
    let (title, heading, action, back) = match editor.cohort_id {
        None => (
            td_string!(l, cohort.title_new).to_string(),
            td_string!(l, cohort.title_new).into_any(),
            CreateCohort::PATH,
            ("/train".to_owned(), td_string!(l, cohort.back_to_cohorts)),
        ),
        Some(id) => {
            let name = editor.name.clone();
            (
                td_string!(l, cohort.title_edit).to_string(),
                td!(l, cohort.heading_edit, cohort = move || view! { <span translate="no">{name.clone()}</span> }).into_any(),
                UpdateCohort::PATH,
                (format!("/train/cohorts/{id}"), td_string!(l, cohort.back_to_cohort)),
            )
        }
    };
    let clients = editor.clients.into_iter().map(|c| (c.id.to_string(), c.label)).collect();
    let paths = editor.paths.into_iter().map(|p| (p.id.to_string(), p.label)).collect();
    let statuses = editor.statuses.into_iter().map(|s| (s.as_str().to_owned(), text::cohort_status(l, s))).collect();
    let path_hint = editor.path_fixed.then(|| td_string!(l, cohort.path_fixed_hint).to_string());
    let date_hint = || Some(td_string!(l, cohort.date_hint).to_string());
    let form = (!archived).then(|| {
        view! {
            <form method="post" action=action novalidate=true>
                {editor.cohort_id.map(|id| view! { <input type="hidden" name="cohort" value=id.to_string()/> })}
                <TextField field=Field::Name label=td_string!(l, cohort.name).to_string() flash=flash.clone()
                    hint=Some(td_string!(l, cohort.name_hint).to_string())/>
                <SelectField field=Field::Client label=td_string!(l, cohort.client).to_string() options=clients flash=flash.clone()
                    placeholder=Some(td_string!(l, cohort.client_pick).to_string()) names=true/>
                <SelectField field=Field::Path label=td_string!(l, cohort.path).to_string() options=paths flash=flash.clone()
                    placeholder=Some(td_string!(l, cohort.path_pick).to_string()) hint=path_hint lang=Some(CONTENT_LANGUAGE.code())/>
                <TextField field=Field::StartsOn kind="date" label=td_string!(l, cohort.starts_on).to_string() flash=flash.clone() hint=date_hint()/>
                <TextField field=Field::EndsOn kind="date" label=td_string!(l, cohort.ends_on).to_string() flash=flash.clone() hint=date_hint()/>
                <SelectField field=Field::Status label=td_string!(l, cohort.status).to_string() options=statuses flash=flash.clone()
                    hint=Some(td_string!(l, cohort.status_hint).to_string())/>
                <button type="submit" class="button">
                    {if editor.cohort_id.is_some() { td_string!(l, cohort.save) } else { td_string!(l, cohort.create) }}
                </button>
            </form>
        }
    });
    view! {
        <AppLayout title=title user=(Role::Trainer, editor.viewer_name.clone())>
            <section class="panel narrow">
                <h1>{heading}</h1>
                <FormMessage error/>
                {archived.then(|| view! { <p class="empty">{td_string!(l, cohort.archived_note)}</p> })}
                {form}
                <p><a href=back.0>{back.1}</a></p>
            </section>
        </AppLayout>
    }
}
