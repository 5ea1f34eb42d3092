//! `/learn/paths`: the learner's paths with their progress, and the open ones they may join.

use crate::api::account::session::take_form_flash;
use crate::api::learner::paths::{Enrol, get_learner_paths};
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::td_string;
use crate::model::CONTENT_LANGUAGE;
use crate::model::forms::{Form, FormFlash};
use crate::model::learner::{LearnerPaths, PathCard};
use crate::ui::components::announce::LearnFlash;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn PathsPage() -> impl IntoView {
    let load = async {
        let paths = get_learner_paths().await?;
        let flash = take_form_flash(Form::Learn).await?.unwrap_or_else(|| FormFlash::new(Form::Learn));
        Ok::<_, AppError>((paths, flash))
    };
    data_page(load, |(paths, flash)| view! { <Paths paths flash/> })
}

#[component]
fn Paths(paths: LearnerPaths, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let mine = if paths.mine.is_empty() {
        view! { <p class="empty">{td_string!(l, paths.mine_empty)}</p> }.into_any()
    } else {
        view! { <ul class="cards">{paths.mine.into_iter().map(|p| view! { <Card p/> }).collect_view()}</ul> }.into_any()
    };
    let open = if paths.open.is_empty() {
        view! { <p class="empty">{td_string!(l, paths.open_empty)}</p> }.into_any()
    } else {
        view! { <ul class="cards">{paths.open.into_iter().map(|p| view! { <Card p/> }).collect_view()}</ul> }.into_any()
    };
    view! {
        <AppLayout title=td_string!(l, paths.title).to_string() user=(Role::Learner, paths.display_name)>
            <h1>{td_string!(l, paths.title)}</h1>
            <LearnFlash flash/>
            <section class="panel" aria-labelledby="mine-heading" id="my-paths">
                <h2 id="mine-heading">{td_string!(l, paths.mine)}</h2>
                {mine}
            </section>
            <section class="panel" aria-labelledby="open-heading" id="open-paths">
                <h2 id="open-heading">{td_string!(l, paths.open)}</h2>
                {open}
            </section>
        </AppLayout>
    }
}

#[component]
fn Card(p: PathCard) -> impl IntoView {
    let l = use_locale();
    let content = CONTENT_LANGUAGE.code();
    let href = format!("/learn/paths/{}", p.learning_path_id);
    let heading_id = format!("path-{}", p.learning_path_id);
    let size = td_string!(l, paths.size, count = p.total_lessons, minutes = p.total_minutes).to_string();
    let action = if p.enrolled {
        view! {
            <progress max="100" value=p.percent.to_string() aria-labelledby=heading_id.clone()>{text::percent(l, p.percent)}</progress>
            <p class="meta">
                {td_string!(l, learn.lessons_done, done = p.completed_lessons, count = p.total_lessons)}" · "{text::percent(l, p.percent)}
            </p>
            <p><a class="button" href=href>{td_string!(l, paths.open_path)}</a></p>
        }
        .into_any()
    } else {
        view! {
            <p class="actions">
                <a class="button secondary" href=href>{td_string!(l, paths.look_inside)}</a>
                <form method="post" action=Enrol::PATH class="inline">
                    <input type="hidden" name="path" value=p.learning_path_id.to_string()/>
                    <button type="submit" class="button">{td_string!(l, paths.join)}</button>
                </form>
            </p>
        }
        .into_any()
    };
    view! {
        <li class="card">
            <h3 id=heading_id.clone() lang=content>{p.title}</h3>
            <p class="meta"><span lang=content>{p.trade}</span>" · "{size}</p>
            <p lang=content>{p.summary}</p>
            {action}
        </li>
    }
}
