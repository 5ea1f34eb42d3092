//! `/learn/paths/{id}`: a path's modules and lessons, each with its kind, length, download size
//! and the learner's status, and where to carry on.

use crate::api::account::session::take_form_flash;
use crate::api::learner::paths::{Enrol, get_path};
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::{td, td_string};
use crate::model::CONTENT_LANGUAGE;
use crate::model::forms::{Form, FormFlash};
use crate::model::learner::{LessonKind, LessonStatus, OutlineLesson, OutlineModule, PathOutline};
use crate::ui::components::announce::LearnFlash;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::offline::{OfflineLesson, SaveForOffline};
use crate::ui::components::page::{PageError, data_page};
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PathPage() -> impl IntoView {
    let Some(path) = use_params_map().with_untracked(|p| p.get("id")).and_then(|id| id.parse::<i64>().ok()) else {
        return view! { <PageError error=AppError::NotFound/> }.into_any();
    };
    let load = async move {
        let outline = get_path(path).await?;
        let flash = take_form_flash(Form::Learn).await?.unwrap_or_else(|| FormFlash::new(Form::Learn));
        Ok::<_, AppError>((outline, flash))
    };
    data_page(load, |(outline, flash)| view! { <Path outline flash/> }).into_any()
}

#[component]
fn Path(outline: PathOutline, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let content = CONTENT_LANGUAGE.code();
    let resume_title = outline
        .resume
        .and_then(|id| outline.modules.iter().flat_map(|m| &m.lessons).find(|x| x.lesson_id == id).map(|x| (id, x.title.clone())));
    let standing = if outline.enrolled {
        let carry_on = resume_title.map(|(id, title)| {
            view! {
                <p><a class="button" id="resume" href=format!("/learn/lessons/{id}")>
                    {td!(l, paths.carry_on, lesson = move || view! { <span lang=content>{title.clone()}</span> })}
                </a></p>
            }
        });
        view! {
            <progress max="100" value=outline.percent.to_string() aria-label=td_string!(l, learn.path_progress)>
                {text::percent(l, outline.percent)}
            </progress>
            <p class="meta" id="path-progress">
                {td_string!(l, learn.lessons_done, done = outline.completed_lessons, count = outline.total_lessons)}
                " · "{text::percent(l, outline.percent)}
            </p>
            {carry_on}
        }
        .into_any()
    } else {
        view! {
            <p>{td_string!(l, paths.not_joined)}</p>
            <form method="post" action=Enrol::PATH>
                <input type="hidden" name="path" value=outline.learning_path_id.to_string()/>
                <button type="submit" class="button">{td_string!(l, paths.join)}</button>
            </form>
        }
        .into_any()
    };
    let offline = outline.enrolled.then(|| {
        let lessons: Vec<OfflineLesson> = outline
            .modules
            .iter()
            .flat_map(|m| &m.lessons)
            .filter(|x| x.offline_available)
            .map(|x| OfflineLesson {
                id: x.lesson_id,
                title: x.title.clone(),
                url: format!("/learn/lessons/{}", x.lesson_id),
                media: x.media.clone(),
                bytes: x.size_bytes,
                quiz: OfflineLesson::quiz_keys(x.kind),
            })
            .collect();
        view! { <SaveForOffline lessons page=format!("/learn/paths/{}", outline.learning_path_id)/> }
    });
    view! {
        <AppLayout title=outline.title.clone() user=(Role::Learner, outline.display_name)>
            <p class="crumbs"><a href="/learn/paths">{td_string!(l, paths.all_paths)}</a></p>
            <h1 lang=content>{outline.title}</h1>
            <LearnFlash flash/>
            <section class="panel" id="standing">
                <p lang=content>{outline.summary}</p>
                {standing}
            </section>
            {offline}
            {outline.modules.into_iter().map(|m| view! { <Module m/> }).collect_view()}
        </AppLayout>
    }
}

#[component]
fn Module(m: OutlineModule) -> impl IntoView {
    let l = use_locale();
    let content = CONTENT_LANGUAGE.code();
    let heading = format!("module-{}", m.module_id);
    let title = m.title;
    view! {
        <section class="panel module" aria-labelledby=heading.clone()>
            <h2 id=heading.clone()>{td!(l, paths.module, n = m.position, title = move || view! { <span lang=content>{title.clone()}</span> })}</h2>
            <p lang=content>{m.summary}</p>
            <ol class="lessons">{m.lessons.into_iter().map(|x| view! { <LessonItem x/> }).collect_view()}</ol>
        </section>
    }
}

#[component]
fn LessonItem(x: OutlineLesson) -> impl IntoView {
    let l = use_locale();
    let content = CONTENT_LANGUAGE.code();
    let status_class = match x.status {
        LessonStatus::Done => "status done",
        LessonStatus::InProgress => "status in-progress",
        LessonStatus::NotStarted => "status",
    };
    // Media is what costs data on a slow link: its size is shown before anything is fetched.
    let size = (x.kind == LessonKind::Video || x.kind == LessonKind::Interactive)
        .then(|| view! { " · "<span class="size">{td_string!(l, paths.download_size, size = text::bytes(l, x.size_bytes))}</span> });
    view! {
        <li id=format!("lesson-{}", x.lesson_id)>
            <a href=format!("/learn/lessons/{}", x.lesson_id) lang=content>{x.title}</a>
            <span class="meta">
                {text::lesson_kind(l, x.kind)}" · "{td_string!(l, learn.about_minutes, minutes = x.minutes)}
                {size}
                {x.offline_available.then(|| view! { " · "<span class="badge">{td_string!(l, learn.works_offline)}</span> })}
            </span>
            <span class=status_class>{text::lesson_status(l, x.status, x.percent)}</span>
        </li>
    }
}
