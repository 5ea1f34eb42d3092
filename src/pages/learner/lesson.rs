//! `/learn/lessons/{id}`: the lesson player. Text lessons are Markdown rendered and sanitised on
//! the server; "I have finished this lesson" is a plain form. `public/lesson.js` (about 1 KB, no
//! wasm) saves the share read and the time spent as the learner goes; without it the form still
//! counts the reading time.

use crate::api::account::session::take_form_flash;
use crate::api::learner::lessons::{CompleteLesson, SaveProgress, get_lesson};
use crate::api::learner::paths::Enrol;
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::{td, td_string};
use crate::model::CONTENT_LANGUAGE;
use crate::model::forms::{Form, FormFlash};
use crate::model::learner::{LessonBody, LessonKind, LessonLink, LessonStatus, LessonView};
use crate::ui::components::announce::LearnFlash;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::{PageError, data_page};
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn LessonPage() -> impl IntoView {
    let Some(lesson) = use_params_map().with_untracked(|p| p.get("id")).and_then(|id| id.parse::<i64>().ok()) else {
        return view! { <PageError error=AppError::NotFound/> }.into_any();
    };
    let load = async move {
        let view = get_lesson(lesson).await?;
        let flash = take_form_flash(Form::Learn).await?.unwrap_or_else(|| FormFlash::new(Form::Learn));
        Ok::<_, AppError>((view, flash))
    };
    data_page(load, |(lesson, flash)| view! { <Lesson lesson flash/> }).into_any()
}

#[component]
fn Lesson(lesson: LessonView, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let content = CONTENT_LANGUAGE.code();
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string());
    let path_href = format!("/learn/paths/{}", lesson.learning_path_id);
    let media = matches!(lesson.kind, LessonKind::Video | LessonKind::Interactive)
        .then(|| view! { " · "{td_string!(l, paths.download_size, size = text::bytes(l, lesson.size_bytes))} });
    let body = match lesson.body {
        LessonBody::Text { html } => view! { <div class="lesson-text" lang=content inner_html=html></div> }.into_any(),
        LessonBody::Summary => view! {
            <p class="banner notice">{td_string!(l, lesson.player_later)}</p>
            <p lang=content>{lesson.summary.clone()}</p>
        }
        .into_any(),
    };
    let standing = match (lesson.enrolled, lesson.status) {
        (false, _) => view! {
            <p>{td_string!(l, lesson.join_to_save)}</p>
            <form method="post" action=Enrol::PATH>
                <input type="hidden" name="path" value=lesson.learning_path_id.to_string()/>
                <button type="submit" class="button">{td_string!(l, paths.join)}</button>
            </form>
        }
        .into_any(),
        (true, LessonStatus::Done) => view! { <p class="done" id="lesson-status">{td_string!(l, lesson.done_already)}</p> }.into_any(),
        (true, status) => {
            let part_way = (status == LessonStatus::InProgress && lesson.percent > 0).then(|| {
                view! { <p id="lesson-status">{td_string!(l, lesson.in_progress, percent = text::percent(l, lesson.percent))}</p> }
            });
            let done_form = (lesson.kind == LessonKind::Text).then(|| {
                view! {
                    <form method="post" action=CompleteLesson::PATH id="done-form">
                        <input type="hidden" name="lesson" value=lesson.lesson_id.to_string()/>
                        <input type="hidden" name="opened_at" value=lesson.opened_at.to_string()/>
                        <button type="submit" class="button">{td_string!(l, lesson.mark_done)}</button>
                    </form>
                }
            });
            view! { {part_way}{done_form} }.into_any()
        }
    };
    let script = lesson.enrolled.then(|| view! { <script src="/lesson.js" defer=true nonce=nonce></script> });
    view! {
        <AppLayout title=lesson.title.clone() user=(Role::Learner, lesson.display_name)>
            <nav class="crumbs" aria-label=td_string!(l, lesson.breadcrumbs)>
                <a href=path_href.clone() lang=content>{lesson.path_title}</a>" › "<span lang=content>{lesson.module_title}</span>
            </nav>
            <LearnFlash flash/>
            <article class="panel lesson" id="lesson" data-lesson=lesson.lesson_id.to_string() data-save=SaveProgress::PATH
                data-percent=lesson.percent.to_string() data-kind=lesson.kind.to_string() aria-labelledby="lesson-title">
                <h1 id="lesson-title" lang=content>{lesson.title}</h1>
                <p class="meta">
                    {text::lesson_kind(l, lesson.kind)}" · "{td_string!(l, learn.about_minutes, minutes = lesson.minutes)}{media}
                </p>
                {body}
            </article>
            <section class="panel" aria-label=td_string!(l, lesson.your_progress)>{standing}</section>
            <LessonNav previous=lesson.previous next=lesson.next path_href/>
            {script}
        </AppLayout>
    }
}

#[component]
fn LessonNav(previous: Option<LessonLink>, next: Option<LessonLink>, path_href: String) -> impl IntoView {
    let l = use_locale();
    let content = CONTENT_LANGUAGE.code();
    let previous = previous.map(|p| {
        let title = p.title;
        view! {
            <a href=format!("/learn/lessons/{}", p.lesson_id) rel="prev">
                {td!(l, lesson.previous, title = move || view! { <span lang=content>{title.clone()}</span> })}
            </a>
        }
    });
    let next = next.map(|n| {
        let title = n.title;
        view! {
            <a href=format!("/learn/lessons/{}", n.lesson_id) rel="next">
                {td!(l, lesson.next, title = move || view! { <span lang=content>{title.clone()}</span> })}
            </a>
        }
    });
    view! {
        <nav class="lesson-nav" aria-label=td_string!(l, lesson.lesson_nav)>
            {previous}
            <a href=path_href>{td_string!(l, lesson.back_to_path)}</a>
            {next}
        </nav>
    }
}
