//! `/ops/trainers`: every trainer's load, and a form to create a trainer account.

use crate::api::account::session::take_form_flash;
use crate::api::ops::trainers::{CreateTrainer, list_trainers};
use crate::auth::Role;
use crate::domain::account::PASSWORD_MIN_CHARS;
use crate::error::AppError;
use crate::i18n::td_string;
use crate::model::forms::{Field, Form, FormFlash};
use crate::model::ops::TrainerLoad;
use crate::ui::components::form::{FormMessage, Password, PasswordScript, TextField};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn TrainersPage() -> impl IntoView {
    let load = async {
        let trainers = list_trainers().await?;
        let viewer = crate::auth::guard::current_user()?.map(|u| u.display_name).unwrap_or_default();
        let flash = take_form_flash(Form::CreateTrainer).await?.unwrap_or_else(|| FormFlash::new(Form::CreateTrainer));
        Ok::<_, AppError>((trainers, viewer, flash))
    };
    data_page(load, |(trainers, viewer, flash)| view! { <Trainers trainers viewer flash/> })
}

#[component]
fn Trainers(trainers: Vec<TrainerLoad>, viewer: String, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let problems = flash.has_errors().then(|| td_string!(l, trainers.not_created).to_string());
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    let table = if trainers.is_empty() {
        view! { <p class="empty">{td_string!(l, trainers.empty)}</p> }.into_any()
    } else {
        view! {
            <TableFrame label=td_string!(l, trainers.load).to_string()>
                <table id="trainers">
                    <thead><tr>
                        <th scope="col">{td_string!(l, trainers.col_trainer)}</th>
                        <th scope="col">{td_string!(l, trainers.col_email)}</th>
                        <th scope="col" class="num">{td_string!(l, trainers.col_cohorts)}</th>
                        <th scope="col" class="num">{td_string!(l, trainers.col_learners)}</th>
                        <th scope="col" class="num">{td_string!(l, trainers.col_to_grade)}</th>
                    </tr></thead>
                    <tbody>
                        {trainers.into_iter().map(|t| view! {
                            <tr>
                                <th scope="row"><span translate="no">{t.display_name}</span>{(!t.active).then(|| view! { " "{td_string!(l, trainers.switched_off)} })}</th>
                                <td translate="no">{t.email}</td>
                                <td class="num">{text::number(l, t.cohorts)}</td>
                                <td class="num">{text::number(l, t.learners)}</td>
                                <td class="num">{text::number(l, t.pending)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </TableFrame>
        }
        .into_any()
    };
    view! {
        <AppLayout title=td_string!(l, trainers.title).to_string() user=(Role::Operations, viewer)>
            <h1>{td_string!(l, trainers.heading)}</h1>
            <section class="panel">
                <h2>{td_string!(l, trainers.load)}</h2>
                {table}
            </section>
            <section class="panel narrow" id="create-trainer">
                <h2>{td_string!(l, trainers.create)}</h2>
                <FormMessage error=problems notice/>
                <form method="post" action=CreateTrainer::PATH novalidate=true>
                    <TextField field=Field::Name label=td_string!(l, trainers.name).to_string() autocomplete="off" flash=flash.clone()/>
                    <TextField field=Field::Email label=td_string!(l, trainers.email).to_string() kind="email" autocomplete="off"
                        flash=flash.clone()/>
                    <Password label=td_string!(l, trainers.password).to_string() autocomplete="new-password" flash
                        hint=Some(td_string!(l, trainers.password_hint, min = PASSWORD_MIN_CHARS).to_string())/>
                    <button type="submit" class="button">{td_string!(l, trainers.submit)}</button>
                </form>
            </section>
            <PasswordScript/>
        </AppLayout>
    }
}
