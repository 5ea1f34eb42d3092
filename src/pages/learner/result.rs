//! `/learn/assessments/{id}/result/{submission}`: one attempt, item by item: the learner's
//! answer, right or not, the right answer and why. Open answers say they wait for the trainer.

use crate::api::account::session::take_form_flash;
use crate::api::learner::assessments::get_result;
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::td_string;
use crate::model::CONTENT_LANGUAGE;
use crate::model::forms::{Form, FormFlash};
use crate::model::learner::{ItemOutcome, ResultView, ScorePolicy};
use crate::ui::components::announce::LearnFlash;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::{PageError, data_page};
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ResultPage() -> impl IntoView {
    let ids = use_params_map().with_untracked(|p| {
        let id = |k: &str| p.get(k).and_then(|v| v.parse::<i64>().ok());
        id("id").zip(id("submission"))
    });
    let Some((assessment, submission)) = ids else {
        return view! { <PageError error=AppError::NotFound/> }.into_any();
    };
    let load = async move {
        let view = get_result(assessment, submission).await?;
        let flash = take_form_flash(Form::Learn).await?.unwrap_or_else(|| FormFlash::new(Form::Learn));
        Ok::<_, AppError>((view, flash))
    };
    data_page(load, |(result, flash)| view! { <Result result flash/> }).into_any()
}

#[component]
fn Result(result: ResultView, flash: FormFlash) -> impl IntoView {
    let l = use_locale();
    let content = CONTENT_LANGUAGE.code();
    let r = result;
    let pct = |v: i32| text::percent(l, v.clamp(0, 100) as u8);
    let verdict = match r.score {
        Some(score) if score >= r.pass_score => view! {
            <p class="result passed" id="verdict">
                <strong>{td_string!(l, quiz.passed, percent = pct(score))}</strong>
                " "{td_string!(l, quiz.pass_mark, percent = pct(r.pass_score))}
            </p>
        }
        .into_any(),
        Some(score) => view! {
            <p class="result failed" id="verdict">
                <strong>{td_string!(l, quiz.not_passed, percent = pct(score))}</strong>
                " "{td_string!(l, quiz.pass_mark, percent = pct(r.pass_score))}
            </p>
        }
        .into_any(),
        None => view! {
            <p class="result waiting" id="verdict">
                <strong>{td_string!(l, quiz.scored_so_far, points = i64::from(r.auto_points), max = i64::from(r.auto_max))}</strong>
                " "{td_string!(l, quiz.open_waits)}
            </p>
        }
        .into_any(),
    };
    let counted = r.counted.map(|c| {
        let policy = match r.policy {
            ScorePolicy::Best => td_string!(l, quiz.best_counts).to_string(),
            ScorePolicy::Latest => td_string!(l, quiz.latest_counts).to_string(),
        };
        view! { <p>{td_string!(l, quiz.counted, percent = pct(c))}" · "{policy}</p> }
    });
    let feedback = r.feedback.clone().map(|f| {
        view! {
            <section class="panel" aria-labelledby="feedback-heading">
                <h2 id="feedback-heading">{td_string!(l, quiz.trainer_feedback)}</h2>
                <p>{f}</p>
            </section>
        }
    });
    let total = r.items.len() as i64;
    let items = r.items.into_iter().map(|item| view! { <Outcome item total/> }).collect_view();
    let again_href = match r.quiz_lesson_id {
        Some(lesson) => format!("/learn/lessons/{lesson}#quiz"),
        None => format!("/learn/assessments/{}", r.assessment_id),
    };
    let again = match r.attempts_left {
        Some(0) => view! { <p>{td_string!(l, quiz.no_attempts_left)}</p> }.into_any(),
        Some(n) => view! { <p><a href=again_href>{td_string!(l, quiz.try_again_left, count = n)}</a></p> }.into_any(),
        None => view! { <p><a href=again_href>{td_string!(l, quiz.try_again)}</a></p> }.into_any(),
    };
    let next = r.next_lesson.map(|n| {
        let title = n.title;
        view! {
            <p><a class="button" href=format!("/learn/lessons/{}", n.lesson_id)>
                {td_string!(l, quiz.next_lesson)}": "<span lang=content>{title}</span>
            </a></p>
        }
    });
    view! {
        <AppLayout title=r.title.clone() user=(Role::Learner, r.display_name)>
            <nav class="crumbs" aria-label=td_string!(l, lesson.breadcrumbs)>
                <a href=format!("/learn/paths/{}", r.learning_path_id) lang=content>{r.path_title}</a>
            </nav>
            <LearnFlash flash/>
            <article class="panel" aria-labelledby="result-title">
                <h1 id="result-title" lang=content>{r.title}</h1>
                <p class="meta">{td_string!(l, quiz.attempt_n, n = i64::from(r.attempt))}</p>
                {verdict}
                {counted}
                <ol class="outcomes">{items}</ol>
                {again}
                {next}
            </article>
            {feedback}
        </AppLayout>
    }
}

#[component]
fn Outcome(item: ItemOutcome, total: i64) -> impl IntoView {
    let l = use_locale();
    let content = CONTENT_LANGUAGE.code();
    let graded_open = !item.rubric.is_empty();
    let (class, mark) = match item.correct {
        _ if graded_open => {
            ("outcome graded", td_string!(l, quiz.trainer_points, points = i64::from(item.points), max = i64::from(item.max)).to_string())
        }
        Some(true) => ("outcome right", td_string!(l, quiz.right).to_string()),
        Some(false) => ("outcome wrong", td_string!(l, quiz.wrong).to_string()),
        None => ("outcome waiting", td_string!(l, quiz.waiting_for_trainer).to_string()),
    };
    let right = (item.correct == Some(false)).then(|| item.right_answer.clone()).flatten().map(|a| {
        view! { <p>{td_string!(l, quiz.right_answer)}": "<span lang=content>{a}</span></p> }
    });
    let rubric = graded_open.then(|| {
        let lines = item
            .rubric
            .iter()
            .map(|r| {
                view! {
                    <li>
                        <strong lang=content>{r.criterion.clone()}</strong>": "
                        <span lang=content>{r.descriptor.clone()}</span>" "
                        {td_string!(l, quiz.criterion_points, points = i64::from(r.points), max = i64::from(r.max))}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="rubric-lines">{lines}</ul> }
    });
    let why = (!item.explanation.is_empty()).then(|| view! { <p class="explanation" lang=content>{item.explanation.clone()}</p> });
    view! {
        <li class=class id=format!("outcome-{}", item.position)>
            <h2 class="item-number">{td_string!(l, quiz.question_of, n = i64::from(item.position), count = total)}" · "{mark}</h2>
            <p lang=content>{item.prompt}</p>
            <p>{td_string!(l, quiz.you_answered)}": "<span lang=content class="answer">{item.answer}</span></p>
            {right}
            {rubric}
            {why}
        </li>
    }
}
