//! An assessment as a plain form (shared by `/learn/assessments/{id}` and quiz lessons): the
//! pass mark, attempts so far, and every item as radio buttons, checkboxes, a text field or a
//! text box. Answers from a refused post come back filled in. The form itself is the
//! `QuizTaker` island, which checks it before it goes.

use crate::api::learner::assessments::SubmitAssessment;
use crate::api::learner::paths::Enrol;
use crate::i18n::td_string;
use crate::model::CONTENT_LANGUAGE;
use crate::model::forms::{Field, FormFlash, Problem};
use crate::model::learner::{AssessmentView, ItemView, ScorePolicy};
use crate::model::trainer::ItemKind;
use crate::ui::components::layout::IslandsRuntime;
use crate::ui::islands::quiz::QuizTaker;
use crate::ui::islands::{GAP, gapped};
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn QuizForm(assessment: AssessmentView, flash: FormFlash, #[prop(optional)] lesson: Option<i64>) -> impl IntoView {
    let l = use_locale();
    let a = assessment;
    let pct = |v: i32| text::percent(l, v.clamp(0, 100) as u8);
    let rules = {
        let attempts = match a.max_attempts {
            Some(max) => td_string!(l, quiz.attempts_allowed, count = i64::from(max)).to_string(),
            None => td_string!(l, quiz.attempts_unlimited).to_string(),
        };
        let policy = match a.policy {
            ScorePolicy::Best => td_string!(l, quiz.best_counts).to_string(),
            ScorePolicy::Latest => td_string!(l, quiz.latest_counts).to_string(),
        };
        view! { <p class="meta">{td_string!(l, quiz.pass_mark, percent = pct(a.pass_score))}" · "{attempts}" · "{policy}</p> }
    };
    let history = (!a.attempts.is_empty()).then(|| {
        let rows = a
            .attempts
            .iter()
            .map(|t| {
                let href = format!("/learn/assessments/{}/result/{}", a.assessment_id, t.submission_id);
                let score = match (t.score, t.pending) {
                    (Some(s), _) => pct(s),
                    (None, _) => td_string!(l, quiz.waiting_for_trainer).to_string(),
                };
                view! { <li><a href=href>{td_string!(l, quiz.attempt_n, n = i64::from(t.attempt))}</a>" · "{score}</li> }
            })
            .collect_view();
        let counted = a.counted.map(|c| view! { <p>{td_string!(l, quiz.counted, percent = pct(c))}</p> });
        view! {
            <section aria-labelledby="attempts-heading" class="attempts">
                <h2 id="attempts-heading">{td_string!(l, quiz.your_attempts)}</h2>
                <ul>{rows}</ul>
                {counted}
            </section>
        }
    });
    let bad_item = flash.errors.iter().find_map(|(f, p)| match (f, p) {
        (
            Field::Answer,
            Problem::AnswerMissing { position } | Problem::AnswerUnreadable { position } | Problem::AnswerTooLong { position, .. },
        ) => Some(*position),
        _ => None,
    });
    let body = if !a.enrolled {
        view! {
            <p>{td_string!(l, quiz.join_to_take)}</p>
            <form method="post" action=Enrol::PATH>
                <input type="hidden" name="path" value=a.learning_path_id.to_string()/>
                <button type="submit" class="button">{td_string!(l, paths.join)}</button>
            </form>
        }
        .into_any()
    } else if a.attempts_left == Some(0) {
        view! { <p class="banner notice">{td_string!(l, quiz.no_attempts_left)}</p> }.into_any()
    } else {
        let kept = flash.answers;
        let total = a.items.len();
        // What the island says as questions are answered: for 0, 1, … of them.
        let counts: Vec<String> =
            (0..=total).map(|n| td_string!(l, quiz.answered_of, n = n as i64, count = total as i64).to_string()).collect();
        let (before, after) = gapped(&td_string!(l, quiz.unanswered, questions = GAP).to_string());
        let items = a.items.into_iter().map(|item| view! { <QuizItem item total kept=kept.clone() invalid=bad_item/> }).collect_view();
        let left = a.attempts_left.map(|n| view! { <p class="meta">{td_string!(l, quiz.attempts_left, count = n)}</p> });
        view! {
            <QuizTaker>
                <form method="post" action=SubmitAssessment::PATH class="quiz" id="quiz-form">
                    <input type="hidden" name="assessment" value=a.assessment_id.to_string()/>
                    <input type="hidden" name="key" value=a.key/>
                    {lesson.map(|id| view! { <input type="hidden" name="back" value=id.to_string()/> })}
                    <ol class="items">{items}</ol>
                    {left}
                    <p class="quiz-count" id="quiz-count" hidden=true data-says=serde_json::to_string(&counts).unwrap_or_default()></p>
                    <p class="form-problem" id="quiz-problem" role="alert" data-before=before data-after=after></p>
                    <button type="submit" class="button" data-sending=td_string!(l, quiz.sending)>{td_string!(l, quiz.hand_in)}</button>
                </form>
            </QuizTaker>
            <IslandsRuntime/>
        }
        .into_any()
    };
    view! {
        <section id="quiz" class="quiz-section">
            {rules}
            {history}
            {body}
        </section>
    }
}

#[component]
fn QuizItem(item: ItemView, total: usize, kept: Vec<(String, String)>, invalid: Option<i32>) -> impl IntoView {
    let l = use_locale();
    let content = CONTENT_LANGUAGE.code();
    let p = item.position;
    let kept_value = |name: &str| kept.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let heading = td_string!(l, quiz.question_of, n = i64::from(p), count = total as i64).to_string();
    let is_invalid = invalid == Some(p);
    let input_id = format!("item-{p}");
    let field = match item.kind {
        ItemKind::SingleChoice | ItemKind::MultipleChoice => {
            let multiple = item.kind == ItemKind::MultipleChoice;
            let options = item
                .options
                .into_iter()
                .enumerate()
                .map(|(i, option)| {
                    let id = format!("item-{p}-{i}");
                    let (name, value) =
                        if multiple { (format!("answers[q{p}-{i}]"), "on".to_owned()) } else { (format!("answers[q{p}]"), i.to_string()) };
                    let checked = kept_value(&if multiple { format!("q{p}-{i}") } else { format!("q{p}") }).is_some_and(|v| v == value);
                    let kind = if multiple { "checkbox" } else { "radio" };
                    view! {
                        <li>
                            <input type=kind name=name id=id.clone() value=value checked=checked required=!multiple/>
                            <label for=id lang=content>{option}</label>
                        </li>
                    }
                })
                .collect_view();
            let hint = multiple.then(|| view! { <p class="hint">{td_string!(l, quiz.tick_all)}</p> });
            view! {
                <fieldset class="choices" aria-invalid=is_invalid.then_some("true")>
                    <legend><span class="item-number">{heading.clone()}</span>" "<span lang=content>{item.prompt}</span></legend>
                    {hint}
                    <ul>{options}</ul>
                </fieldset>
            }
            .into_any()
        }
        ItemKind::FillIn => {
            let mode = if item.numeric { "decimal" } else { "text" };
            let hint = item.numeric.then(|| view! { <p class="hint" id=format!("{input_id}-hint")>{td_string!(l, quiz.number_hint)}</p> });
            view! {
                <label for=input_id.clone()><span class="item-number">{heading.clone()}</span>" "<span lang=content>{item.prompt}</span></label>
                {hint}
                <input type="text" id=input_id.clone() name=format!("answers[q{p}]") inputmode=mode autocomplete="off" required=true
                    maxlength="200" value=kept_value(&format!("q{p}")).unwrap_or_default() aria-invalid=is_invalid.then_some("true")
                    aria-describedby=item.numeric.then(|| format!("{input_id}-hint"))/>
            }
            .into_any()
        }
        ItemKind::Open => view! {
            <label for=input_id.clone()><span class="item-number">{heading.clone()}</span>" "<span lang=content>{item.prompt}</span></label>
            <p class="hint" id=format!("{input_id}-hint")>{td_string!(l, quiz.open_hint)}</p>
            <textarea id=input_id.clone() name=format!("answers[q{p}]") rows="5" required=true maxlength="4000"
                aria-invalid=is_invalid.then_some("true") aria-describedby=format!("{input_id}-hint")>
                {kept_value(&format!("q{p}")).unwrap_or_default()}
            </textarea>
        }
        .into_any(),
    };
    view! { <li class="item" id=format!("q{p}") data-position=p.to_string()>{field}</li> }
}
