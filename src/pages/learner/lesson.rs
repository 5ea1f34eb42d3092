//! `/learn/lessons/{id}`: the lesson player. Text lessons are Markdown rendered and sanitised on
//! the server; "I have finished this lesson" is a plain form. `public/lesson.js` (about 1 KB, no
//! wasm) saves the share read and the time spent as the learner goes; without it the form still
//! counts the reading time. A scenario is the `ScenarioPlayer` island, and a quiz lesson the
//! quiz form's.

use crate::api::account::session::take_form_flash;
use crate::api::learner::lessons::{AnswerStep, CompleteLesson, SaveProgress, get_lesson};
use crate::api::learner::paths::Enrol;
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::{td, td_string};
use crate::model::CONTENT_LANGUAGE;
use crate::model::forms::{Form, FormFlash};
use crate::model::learner::{LessonBody, LessonKind, LessonLink, LessonStatus, LessonView, StepView};
use crate::ui::components::announce::LearnFlash;
use crate::ui::components::layout::{AppLayout, IslandsRuntime};
use crate::ui::components::offline::{OfflineLesson, SaveForOffline};
use crate::ui::components::page::{PageError, data_page};
use crate::ui::components::quiz::QuizForm;
use crate::ui::islands::scenario::ScenarioPlayer;
use crate::ui::islands::{GAP, gapped};
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
    let is_video = matches!(lesson.body, LessonBody::Video { .. });
    let save = (lesson.enrolled && lesson.offline_available).then(|| {
        let media = match &lesson.body {
            LessonBody::Video { src, poster, .. } => std::iter::once(src.clone()).chain(poster.clone()).collect(),
            _ => Vec::new(),
        };
        let lessons = vec![OfflineLesson {
            id: lesson.lesson_id,
            title: lesson.title.clone(),
            url: format!("/learn/lessons/{}", lesson.lesson_id),
            media,
            bytes: lesson.size_bytes,
            quiz: OfflineLesson::quiz_keys(lesson.kind),
        }];
        view! { <SaveForOffline lessons/> }
    });
    let body = match lesson.body {
        LessonBody::Text { html } => view! { <div class="lesson-text" lang=content inner_html=html></div> }.into_any(),
        LessonBody::Video { src, poster, width, height, duration_seconds, transcript } => {
            // A media fragment resumes where the learner left off, with or without a script.
            let at =
                if lesson.position > 0 && lesson.position < duration_seconds { format!("#t={}", lesson.position) } else { String::new() };
            let size = text::bytes(l, lesson.size_bytes);
            view! {
                <figure class="video">
                    <video id="player" controls=true preload="none" playsinline=true poster=poster
                        width=width.to_string() height=height.to_string() data-duration=duration_seconds.to_string()>
                        <source src=format!("{src}{at}") type="video/mp4"/>
                        <a href=src.clone()>{td_string!(l, lesson.no_video)}</a>
                    </video>
                    <figcaption>
                        <p class="meta"><a href=src download="">{td_string!(l, lesson.download_video, size = size)}</a></p>
                        <details>
                            <summary>{td_string!(l, lesson.transcript)}</summary>
                            <p lang=content>{transcript}</p>
                        </details>
                    </figcaption>
                </figure>
            }
            .into_any()
        }
        LessonBody::Interactive { steps, passed, total } => {
            let (lesson_id, opened_at, can_answer) = (lesson.lesson_id, lesson.opened_at, lesson.enrolled);
            let steps = steps
                .into_iter()
                .enumerate()
                .map(|(i, step)| view! { <ScenarioStep i step total shown=i <= passed lesson_id opened_at can_answer/> })
                .collect_view();
            view! {
                <ScenarioPlayer>
                    <section id="scenario">
                        {steps}
                        <div id="step-outcome" role="status" tabindex="-1" data-lang=content data-earned=td_string!(l, lesson.earned)></div>
                        <p id="step-failed" class="banner error" tabindex="-1" hidden=true>{td_string!(l, lesson.scenario_failed)}</p>
                        <p class="done" id="scenario-complete" hidden=passed < total>{td_string!(l, lesson.scenario_complete)}</p>
                    </section>
                </ScenarioPlayer>
                {can_answer.then(|| view! { <IslandsRuntime/> })}
            }
            .into_any()
        }
        LessonBody::Quiz { assessment } => {
            view! { <QuizForm assessment=*assessment flash=flash.clone() lesson=lesson.lesson_id/> }.into_any()
        }
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
            // A scenario shows how far the learner is in its own steps, kept current by its island.
            let part_way =
                (status == LessonStatus::InProgress && lesson.percent > 0 && lesson.kind != LessonKind::Interactive).then(|| {
                    view! { <p id="lesson-status">{td_string!(l, lesson.in_progress, percent = text::percent(l, lesson.percent))}</p> }
                });
            let button = if is_video { td_string!(l, lesson.watched) } else { td_string!(l, lesson.mark_done) };
            let rule = is_video.then(|| view! { <p>{td_string!(l, lesson.video_rule)}</p> });
            // With a script the player reports what was watched and this form is hidden.
            let done_form = (lesson.kind == LessonKind::Text || is_video).then(|| {
                view! {
                    <form method="post" action=CompleteLesson::PATH id="done-form" data-player-reports=is_video.then_some("true")>
                        <input type="hidden" name="lesson" value=lesson.lesson_id.to_string()/>
                        <input type="hidden" name="opened_at" value=lesson.opened_at.to_string()/>
                        <button type="submit" class="button">{button}</button>
                    </form>
                }
            });
            view! {
                {rule}{part_way}
                <p id="lesson-live" role="status" data-done=td_string!(l, lesson.completed_live)></p>
                {done_form}
            }
            .into_any()
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
                data-percent=lesson.percent.to_string() data-position=lesson.position.to_string() data-kind=lesson.kind.to_string()
                aria-labelledby="lesson-title">
                <h1 id="lesson-title" lang=content>{lesson.title}</h1>
                <p class="meta">
                    {text::lesson_kind(l, lesson.kind)}" · "{td_string!(l, learn.about_minutes, minutes = lesson.minutes)}{media}
                </p>
                {body}
            </article>
            <section class="panel" aria-label=td_string!(l, lesson.your_progress)>{standing}</section>
            {save}
            <LessonNav previous=lesson.previous next=lesson.next path_href/>
            {script}
        </AppLayout>
    }
}

/// A step of a scenario: passed (with its right answer), current (a form of big radio cards, and
/// the passed line the island fills in when it is answered right), or ahead (hidden until reached).
#[component]
fn ScenarioStep(i: usize, step: StepView, total: usize, shown: bool, lesson_id: i64, opened_at: i64, can_answer: bool) -> impl IntoView {
    let l = use_locale();
    let content = CONTENT_LANGUAGE.code();
    let heading = format!("step-{i}");
    let question = step.question.clone();
    let passed_line = move |answer: Option<String>| {
        let (before, after) = gapped(&td_string!(l, lesson.passed_answer, answer = GAP).to_string());
        view! {
            <p lang=content><strong>{question.clone()}</strong></p>
            <p class="done">{before}<span lang=content>{answer}</span>{after}</p>
        }
    };
    let answer = match step.right {
        Some(right) => passed_line(step.choices.get(right).cloned()).into_any(),
        None if can_answer => {
            let choices = step
                .choices
                .into_iter()
                .enumerate()
                .map(|(c, text)| {
                    let id = format!("choice-{i}-{c}");
                    view! {
                        <li>
                            <input type="radio" name="choice" id=id.clone() value=c.to_string() required=true/>
                            <label for=id lang=content>{text}</label>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <form method="post" action=AnswerStep::PATH>
                    <input type="hidden" name="lesson" value=lesson_id.to_string()/>
                    <input type="hidden" name="step" value=i.to_string()/>
                    <input type="hidden" name="opened_at" value=opened_at.to_string()/>
                    <fieldset class="choices">
                        <legend lang=content>{step.question.clone()}</legend>
                        <ul>{choices}</ul>
                    </fieldset>
                    <button type="submit" class="button" data-sending=td_string!(l, quiz.sending)>{td_string!(l, lesson.check)}</button>
                </form>
                <div data-passed="" hidden=true>{passed_line(None)}</div>
            }
            .into_any()
        }
        None => view! { <p lang=content><strong>{step.question.clone()}</strong></p> }.into_any(),
    };
    view! {
        <div class="step" id=format!("step-box-{i}") aria-labelledby=format!("step-{i}") hidden=!shown>
            <h2 id=heading tabindex="-1">{td_string!(l, lesson.step_of, n = i + 1, count = total)}</h2>
            <p lang=content>{step.situation}</p>
            {answer}
        </div>
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
