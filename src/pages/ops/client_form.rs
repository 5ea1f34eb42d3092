//! `/ops/clients/new` and `/ops/clients/{id}/edit`: one plain form for a sponsor's details,
//! contract and status. Ending a sponsor is a status here; the server refuses it while cohorts
//! of the sponsor are planned or running.

use crate::api::account::session::take_form_flash;
use crate::api::ops::clients::{SaveClient, get_client_editor};
use crate::auth::Role;
use crate::domain::client::NOTES_MAX_CHARS;
use crate::error::AppError;
use crate::i18n::{td, td_string};
use crate::model::forms::{Field, Form, FormFlash};
use crate::model::ops::{ClientEditor, ClientStatus};
use crate::ui::components::form::{FormMessage, SelectField, TextArea, TextField};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::{PageError, data_page};
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn NewClientPage() -> impl IntoView {
    editor_page(None)
}

#[component]
pub fn EditClientPage() -> impl IntoView {
    match use_params_map().with_untracked(|p| p.get("id")).and_then(|id| id.parse::<i64>().ok()) {
        Some(id) => editor_page(Some(id)).into_any(),
        None => view! { <PageError error=AppError::NotFound/> }.into_any(),
    }
}

fn editor_page(client: Option<i64>) -> impl IntoView {
    let load = async move {
        let editor = get_client_editor(client).await?;
        let flash = take_form_flash(Form::Client).await?;
        Ok::<_, AppError>((editor, flash))
    };
    data_page(load, |(editor, flash)| view! { <Editor editor flash/> })
}

#[component]
fn Editor(editor: ClientEditor, flash: Option<FormFlash>) -> impl IntoView {
    let l = use_locale();
    let r = &editor.record;
    // A form that came back with problems shows what was typed; otherwise what is stored.
    let flash = match flash {
        Some(f) if f.has_errors() => f,
        _ => {
            let text = |o: &Option<String>| o.clone().unwrap_or_default();
            let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            let notes = (Field::Note.as_str().to_owned(), r.notes.clone());
            FormFlash::new(Form::Client)
                .with_value(Field::Name, &r.name)
                .with_value(Field::Sector, &r.sector)
                .with_value(Field::Region, &r.region)
                .with_value(Field::ContactName, &text(&r.contact_name))
                .with_value(Field::Email, &text(&r.contact_email))
                .with_value(Field::Phone, &text(&r.contact_phone))
                .with_value(Field::StartsOn, &date(r.contract_starts_on))
                .with_value(Field::EndsOn, &date(r.contract_ends_on))
                .with_value(Field::Target, &r.target_learners.map(|t| t.to_string()).unwrap_or_default())
                .with_value(Field::Status, r.status.unwrap_or(ClientStatus::Active).as_str())
                .with_answers([(&notes.0, &notes.1)])
        }
    };
    let error = flash.error(Field::Whole).map(|p| text::problem(l, p));
    let action = SaveClient::PATH;
    let (title, heading, back) = match editor.client_id {
        None => (
            td_string!(l, clients.title_new).to_string(),
            td_string!(l, clients.title_new).into_any(),
            ("/ops/clients".to_owned(), td_string!(l, clients.back_to_list)),
        ),
        Some(id) => {
            let name = r.name.clone();
            (
                td_string!(l, clients.title_edit).to_string(),
                td!(l, clients.heading_edit, client = move || view! { <span translate="no">{name.clone()}</span> }).into_any(),
                (format!("/ops/clients/{id}"), td_string!(l, clients.back_to_client)),
            )
        }
    };
    let statuses = ClientStatus::all().map(|s| (s.as_str().to_owned(), text::client_status(l, s))).collect();
    let date_hint = move || Some(td_string!(l, clients.date_hint).to_string());
    view! {
        <AppLayout title=title user=(Role::Operations, editor.viewer_name.clone())>
            <section class="panel narrow">
                <h1>{heading}</h1>
                <FormMessage error/>
                <form method="post" action=action novalidate=true>
                    {editor.client_id.map(|id| view! { <input type="hidden" name="client" value=id.to_string()/> })}
                    <TextField field=Field::Name label=td_string!(l, clients.name).to_string() autocomplete="organization" flash=flash.clone()/>
                    <TextField field=Field::Sector label=td_string!(l, clients.sector).to_string() flash=flash.clone()
                        hint=Some(td_string!(l, clients.sector_hint).to_string())/>
                    <TextField field=Field::Region label=td_string!(l, clients.region).to_string() flash=flash.clone()/>
                    <fieldset class="group">
                        <legend>{td_string!(l, clients.contact)}</legend>
                        <TextField field=Field::ContactName label=td_string!(l, clients.contact_name).to_string() autocomplete="off"
                            flash=flash.clone() required=false/>
                        <TextField field=Field::Email kind="email" label=td_string!(l, clients.contact_email).to_string() autocomplete="off"
                            flash=flash.clone() required=false/>
                        <TextField field=Field::Phone kind="tel" label=td_string!(l, clients.contact_phone).to_string() autocomplete="off"
                            flash=flash.clone() required=false hint=Some(td_string!(l, clients.phone_hint).to_string())/>
                    </fieldset>
                    <fieldset class="group">
                        <legend>{td_string!(l, clients.contract)}</legend>
                        <TextField field=Field::StartsOn kind="date" label=td_string!(l, clients.contract_starts).to_string() flash=flash.clone()
                            required=false hint=date_hint()/>
                        <TextField field=Field::EndsOn kind="date" label=td_string!(l, clients.contract_ends).to_string() flash=flash.clone()
                            required=false hint=date_hint()/>
                        <TextField field=Field::Target kind="text" label=td_string!(l, clients.target).to_string() flash=flash.clone()
                            required=false hint=Some(td_string!(l, clients.target_hint).to_string())/>
                    </fieldset>
                    <SelectField field=Field::Status label=td_string!(l, clients.status).to_string() options=statuses flash=flash.clone()
                        hint=Some(td_string!(l, clients.status_hint).to_string())/>
                    <TextArea field=Field::Note label=td_string!(l, clients.notes).to_string() flash=flash.clone() max=NOTES_MAX_CHARS
                        required=false/>
                    <button type="submit" class="button">
                        {if editor.client_id.is_some() { td_string!(l, clients.save) } else { td_string!(l, clients.create) }}
                    </button>
                </form>
                <p><a href=back.0>{back.1}</a></p>
            </section>
        </AppLayout>
    }
}
