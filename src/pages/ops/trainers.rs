//! `/ops/trainers`: every trainer's load, and a form to create a trainer account.

use crate::api::auth::{CreateTrainer, get_current_user, take_form_flash};
use crate::api::ops::list_trainers;
use crate::auth::Role;
use crate::error::AppError;
use crate::model::{FormFlash, TrainerLoad};
use crate::ui::components::form::{FormMessage, TextField};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page_error::data_page;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn TrainersPage() -> impl IntoView {
    let load = async {
        let trainers = list_trainers().await?;
        let viewer = get_current_user().await?.map(|u| u.display_name).unwrap_or_default();
        let flash = take_form_flash("create_trainer".into()).await?;
        Ok::<_, AppError>((trainers, viewer, flash.unwrap_or_default()))
    };
    data_page(load, |(trainers, viewer, flash)| view! { <Trainers trainers viewer flash/> })
}

#[component]
fn Trainers(trainers: Vec<TrainerLoad>, viewer: String, flash: FormFlash) -> impl IntoView {
    let problems = flash.has_errors().then(|| "The account was not created. Please fix the fields marked below.".to_string());
    view! {
        <AppLayout title="Trainers".to_string() user=(Role::Operations, viewer)>
            <h1>"Trainers"</h1>
            <section class="panel">
                <h2>"Load"</h2>
                <div class="table-wrap">
                    <table id="trainers">
                        <thead><tr>
                            <th scope="col">"Trainer"</th><th scope="col">"E-mail"</th><th scope="col" class="num">"Cohorts"</th>
                            <th scope="col" class="num">"Learners"</th><th scope="col" class="num">"To grade"</th>
                        </tr></thead>
                        <tbody>
                            {trainers.into_iter().map(|t| view! {
                                <tr>
                                    <th scope="row">{t.display_name}{(!t.active).then_some(" (switched off)")}</th>
                                    <td>{t.email}</td><td class="num">{t.cohorts}</td>
                                    <td class="num">{t.learners}</td><td class="num">{t.pending}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
            <section class="panel narrow" id="create-trainer">
                <h2>"Create a trainer account"</h2>
                <FormMessage error=problems notice=flash.notice.clone()/>
                <form method="post" action=CreateTrainer::PATH novalidate=true>
                    <TextField name="name" label="Name" autocomplete="off" value=flash.value("name") error=flash.error("name")/>
                    <TextField name="email" label="E-mail" kind="email" autocomplete="off" value=flash.value("email") error=flash.error("email")/>
                    <TextField name="password" label="First password" kind="password" autocomplete="new-password"
                        hint=Some("At least 10 characters. Give it to the trainer in person.") error=flash.error("password")/>
                    <button type="submit" class="button">"Create trainer"</button>
                </form>
            </section>
        </AppLayout>
    }
}
