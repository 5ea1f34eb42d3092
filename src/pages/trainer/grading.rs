//! `/train/submissions/{id}`: one learner's work, item by item; the rubric of each open answer as
//! radio buttons (one level per criterion), the feedback, the flag, and "Save and next", which
//! continues in the queue view the trainer came from (kept in the query string). Plain forms: it
//! all works before, and without, any script.

use crate::api::account::session::take_form_flash;
use crate::api::trainer::grading::{
    FEEDBACK_MAX_CHARS, FLAG_REASON_MAX_CHARS, FlagSubmission, ForgetComment, GradeSubmission, get_grading,
};
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::td_string;
use crate::model::CONTENT_LANGUAGE;
use crate::model::forms::{Field, Form, FormFlash};
use crate::model::trainer::{GradeItem, GradingView, ItemGrade, QueueView, SubmissionStatus, Suggestion, SuggestionReason};
use crate::pages::trainer::queue::queue_view_from_query;
use crate::ui::components::form::FormMessage;
use crate::ui::components::layout::{AppLayout, IslandsRuntime};
use crate::ui::components::page::{PageError, data_page};
use crate::ui::islands::grading::GradingKeys;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn GradingPage() -> impl IntoView {
    let Some(submission) = use_params_map().with_untracked(|p| p.get("id")).and_then(|id| id.parse::<i64>().ok()) else {
        return view! { <PageError error=AppError::NotFound/> }.into_any();
    };
    let queue = queue_view_from_query();
    let load = async move {
        let view = get_grading(submission).await?;
        let flash = take_form_flash(Form::Grading).await?;
        Ok::<_, AppError>((view, flash))
    };
    data_page(load, move |(g, flash)| view! { <Grading g flash queue/> }).into_any()
}

/// The queue view as hidden fields, so a post knows where "next" is.
fn queue_fields(queue: QueueView) -> impl IntoView {
    view! {
        <input type="hidden" name="sort" value=queue.sort.as_str()/>
        {queue.cohort.map(|c| view! { <input type="hidden" name="cohort" value=c.to_string()/> })}
        {queue.assessment.map(|a| view! { <input type="hidden" name="assessment" value=a.to_string()/> })}
        {queue.flagged_only.then(|| view! { <input type="hidden" name="flagged" value="1"/> })}
    }
}

#[component]
fn Grading(g: GradingView, flash: Option<FormFlash>, queue: QueueView) -> impl IntoView {
    let l = use_locale();
    let flash = flash.unwrap_or_else(|| FormFlash::new(Form::Grading));
    let notice = flash.notice.as_ref().map(|n| text::notice(l, n));
    let error = [Field::Whole, Field::Levels, Field::Feedback].into_iter().find_map(|f| flash.error(f)).map(|p| text::problem(l, p));
    // A refused post comes back with what was typed; otherwise the form shows the saved grade.
    let typed: Option<Vec<(String, String)>> = (!flash.answers.is_empty()).then(|| flash.answers.clone());
    let typed_value = |key: &str| typed.as_ref().and_then(|t| t.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()));
    // Work not graded yet offers the feedback drafted from its pre-score, to accept or edit. The
    // box holds the trainer's words to the learner, in the learner's language (`lang`), so it is
    // not the page's text for a browser to translate (`translate="no"`); `data-drafted` tells the
    // grading island that what it holds was drafted, not typed.
    let drafted = typed_value("feedback").is_none() && g.feedback.is_none() && g.status == SubmissionStatus::Pending && g.draft.is_some();
    let feedback =
        typed_value("feedback").or_else(|| g.feedback.clone()).or_else(|| g.draft.clone().filter(|_| drafted)).unwrap_or_default();
    let draft_hint = drafted.then(|| {
        let language = text::endonym(l, g.learner_language);
        view! { <p class="hint" id="draft-hint">{td_string!(l, grading.draft_hint, language = language)}</p> }
    });
    let graded = g.status == SubmissionStatus::Graded;
    let regrade = g.status != SubmissionStatus::Pending;
    let back = format!("/train/queue?{}", queue.query());
    let items = g
        .items
        .into_iter()
        .map(|item| {
            let picks: Option<Vec<Option<usize>>> = match &item.grade {
                ItemGrade::Open { criteria, .. } if typed.is_some() => Some(
                    (0..criteria.len()).map(|c| typed_value(&format!("p{}-c{c}", item.position)).and_then(|v| v.parse().ok())).collect(),
                ),
                _ => None,
            };
            view! { <Item item picks/> }
        })
        .collect_view();
    let facts_score = g.score.map(|s| {
        let by = g.graded_by.clone().unwrap_or_default();
        let on = g.graded_at.map(|t| text::date(l, t.date_naive())).unwrap_or_default();
        view! {
            <dt>{td_string!(l, grading.score)}</dt>
            <dd id="saved-score">{td_string!(l, grading.score_of, score = i64::from(s), pass = i64::from(g.pass_score))}</dd>
            {graded.then(|| view! {
                <dt>{td_string!(l, grading.graded_by)}</dt>
                <dd><span translate="no">{by}</span>", "{on}</dd>
            })}
        }
    });
    let saved_feedback = g.feedback.clone().filter(|_| graded).map(|f| {
        view! {
            <dt>{td_string!(l, grading.saved_feedback)}</dt>
            <dd class="prose" id="saved-feedback" translate="no">{f}</dd>
        }
    });
    // Ticked comments follow the feedback typed; each can also be taken out of the bank.
    let bank_choices = (!g.bank.is_empty()).then(|| {
        let boxes = g
            .bank
            .iter()
            .map(|c| {
                let id = format!("bank-{}", c.id);
                view! {
                    <li class="field check">
                        <input id=id.clone() name=format!("bank[c{}]", c.id) type="checkbox" value="on"/>
                        <label for=id translate="no">{c.body.clone()}</label>
                    </li>
                }
            })
            .collect_view();
        view! {
            <fieldset class="bank">
                <legend>{td_string!(l, grading.bank_add)}</legend>
                <ul>{boxes}</ul>
            </fieldset>
        }
    });
    let submission_id = g.submission_id;
    let bank_list = (!g.bank.is_empty()).then(|| {
        let rows = g
            .bank
            .iter()
            .map(|c| {
                view! {
                    <li>
                        <span translate="no">{c.body.clone()}</span>" "
                        <span class="hint">{td_string!(l, grading.bank_uses, count = i64::from(c.uses))}</span>
                        <form method="post" action=ForgetComment::PATH class="inline">
                            <input type="hidden" name="comment" value=c.id.to_string()/>
                            <input type="hidden" name="submission" value=submission_id.to_string()/>
                            {queue_fields(queue)}
                            <button type="submit" class="button secondary">
                                {td_string!(l, grading.bank_remove)}<span class="visually-hidden" translate="no">": "{c.body.clone()}</span>
                            </button>
                        </form>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="panel" id="bank">
                <h2>{td_string!(l, grading.bank_heading)}</h2>
                <ul class="candidates">{rows}</ul>
            </section>
        }
    });
    let title = td_string!(l, grading.title, name = g.learner_name.clone()).to_string();
    let submit_mode = if regrade { "regrade" } else { "grade" };
    view! {
        <AppLayout title user=(Role::Trainer, g.viewer_name.clone())>
            <p><a href=back.clone()>{td_string!(l, grading.back)}</a></p>
            <h1><span translate="no">{g.learner_name.clone()}</span>": "<span lang=CONTENT_LANGUAGE.code()>{g.assessment_title.clone()}</span></h1>
            <FormMessage error notice/>
            <section class="panel">
                <dl class="facts">
                    <dt>{td_string!(l, train.col_cohort)}</dt>
                    <dd translate="no">{g.cohort_name.clone().unwrap_or_default()}</dd>
                    <dt>{td_string!(l, grading.attempt)}</dt><dd>{text::number(l, g.attempt.into())}</dd>
                    <dt>{td_string!(l, grading.handed_in)}</dt><dd>{text::date(l, g.submitted_at.date_naive())}</dd>
                    <dt>{td_string!(l, grading.status)}</dt><dd id="grading-status">{text::submission_status(l, g.status)}</dd>
                    {facts_score}
                    {saved_feedback}
                </dl>
            </section>
            <FlagPanel submission=g.submission_id flagged=g.flagged reason=g.flag_reason.clone() flash=flash.clone() queue/>
            <GradingKeys>
            <p class="hint" id="keys-hint" hidden=true>{td_string!(l, grading.keys_hint)}</p>
            <div class="panel" id="keys-help" hidden=true>
                <h2>{td_string!(l, grading.keys_heading)}</h2>
                <dl class="facts">
                    <dt><kbd>"1"</kbd>"–"<kbd>"4"</kbd></dt><dd>{td_string!(l, grading.key_levels)}</dd>
                    <dt><kbd>"n"</kbd></dt><dd>{td_string!(l, grading.key_next)}</dd>
                    <dt><kbd>"f"</kbd></dt><dd>{td_string!(l, grading.key_flag)}</dd>
                    <dt><kbd>"?"</kbd></dt><dd>{td_string!(l, grading.key_help)}</dd>
                </dl>
            </div>
            <form method="post" action=GradeSubmission::PATH id="grade-form" data-draft-key=format!("rr-grade-{}-v{}", g.submission_id, g.version)>
                <input type="hidden" name="submission" value=g.submission_id.to_string()/>
                <input type="hidden" name="version" value=g.version.to_string()/>
                <input type="hidden" name="mode" value=submit_mode/>
                {queue_fields(queue)}
                {items}
                <section class="panel">
                    <div class="field">
                        <label for="feedback">{td_string!(l, grading.feedback)}</label>
                        <textarea id="feedback" name="feedback" rows="6" maxlength=FEEDBACK_MAX_CHARS.to_string()
                            lang=drafted.then(|| g.learner_language.code()) data-drafted=drafted.then_some("1") translate="no"
                            aria-describedby="feedback-hint" autofocus=(flash.focus() == Some(Field::Feedback)).then_some(true)>{feedback}</textarea>
                        <p class="hint" id="feedback-hint">{td_string!(l, grading.feedback_hint)}</p>
                        {draft_hint}
                        <p class="hint" id="draft-restored" role="status" hidden=true>{td_string!(l, grading.draft_restored)}</p>
                    </div>
                    {bank_choices}
                    {g.bank.is_empty().then(|| view! { <p class="hint" id="bank-empty">{td_string!(l, grading.bank_empty)}</p> })}
                    <div class="field check">
                        <input id="keep" name="keep" type="checkbox" value="1"/>
                        <label for="keep">{td_string!(l, grading.keep)}</label>
                    </div>
                    <p class="actions">
                        <button type="submit" class="button" name="then" value="next" id="save-next">
                            {if regrade { td_string!(l, grading.regrade_next) } else { td_string!(l, grading.save_next) }}
                        </button>" "
                        <button type="submit" class="button secondary" name="then" value="stay" id="save">
                            {if regrade { td_string!(l, grading.regrade) } else { td_string!(l, grading.save) }}
                        </button>
                    </p>
                </section>
            </form>
            </GradingKeys>
            <IslandsRuntime/>
            {bank_list}
            <p><a href=back>{td_string!(l, grading.back)}</a></p>
        </AppLayout>
    }
}

#[component]
fn FlagPanel(submission: i64, flagged: bool, reason: Option<String>, flash: FormFlash, queue: QueueView) -> impl IntoView {
    let l = use_locale();
    let error = flash.error(Field::FlagReason).map(|p| text::problem(l, p));
    let body = if flagged {
        view! {
            <p id="flag-state">{td_string!(l, grading.flagged_because)}" "<q translate="no">{reason.unwrap_or_default()}</q></p>
            <form method="post" action=FlagSubmission::PATH class="inline">
                <input type="hidden" name="submission" value=submission.to_string()/>
                <input type="hidden" name="clear" value="1"/>
                {queue_fields(queue)}
                <button type="submit" class="button secondary" id="unflag">{td_string!(l, grading.unflag)}</button>
            </form>
        }
        .into_any()
    } else {
        let invalid = error.is_some();
        view! {
            <form method="post" action=FlagSubmission::PATH>
                <input type="hidden" name="submission" value=submission.to_string()/>
                {queue_fields(queue)}
                <div class="field">
                    <label for="flag-reason">{td_string!(l, grading.flag_reason)}</label>
                    <input id="flag-reason" name="reason" type="text" maxlength=FLAG_REASON_MAX_CHARS.to_string()
                        value=flash.value(Field::FlagReason) aria-invalid=invalid.then_some("true")
                        aria-describedby=invalid.then_some("flag-reason-error") autofocus=invalid.then_some(true)/>
                    {error.map(|e| view! { <p class="error" id="flag-reason-error">{e}</p> })}
                </div>
                <button type="submit" class="button secondary" id="flag-button">{td_string!(l, grading.flag)}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <section class="panel" id="flag-panel">
            <h2 id="flag">{td_string!(l, grading.flag_heading)}</h2>
            {body}
        </section>
    }
}

/// One item: the question, the answer, and either its own result or the rubric to grade it with.
/// `picks` are the levels typed last time (a refused post); without them the saved grade shows.
#[component]
fn Item(item: GradeItem, picks: Option<Vec<Option<usize>>>) -> impl IntoView {
    let l = use_locale();
    let p = item.position;
    let answer = if item.answer.trim().is_empty() {
        view! { <p class="answer empty">{td_string!(l, grading.no_answer)}</p> }.into_any()
    } else {
        // Graded as written: a browser's translation would put other words in the learner's mouth.
        view! { <blockquote class="answer prose" translate="no">{item.answer}</blockquote> }.into_any()
    };
    let grade = match item.grade {
        ItemGrade::Auto { correct, earned, right_answer } => view! {
            <p class="auto-result">
                {if correct { td_string!(l, grading.auto_right) } else { td_string!(l, grading.auto_wrong) }}" "
                {td_string!(l, grading.points_of, points = i64::from(earned), max = i64::from(item.max))}
            </p>
            {right_answer.filter(|_| !correct).map(|a| view! {
                <p class="hint">{td_string!(l, grading.right_answer)}" "<span lang=CONTENT_LANGUAGE.code()>{a}</span></p>
            })}
        }
        .into_any(),
        ItemGrade::Open { criteria, picked, earned, suggestion } => {
            let saved = picked.clone();
            let suggested = match &suggestion {
                Suggestion::Ready { levels, .. } => levels.clone(),
                _ => Vec::new(),
            };
            let fieldsets = criteria
                .into_iter()
                .enumerate()
                .map(|(c, criterion)| {
                    let chosen = match &picks {
                        Some(t) => t.get(c).copied().flatten(),
                        None => saved.as_ref().and_then(|s| s.get(c).copied()),
                    };
                    let saved_level = saved.as_ref().and_then(|s| s.get(c).copied());
                    let name = format!("levels[p{p}-c{c}]");
                    let levels = criterion
                        .levels
                        .into_iter()
                        .enumerate()
                        .map(|(i, level)| {
                            let id = format!("p{p}-c{c}-l{i}");
                            view! {
                                <div class="level">
                                    <input type="radio" id=id.clone() name=name.clone() value=i.to_string() required=true
                                        checked=(chosen == Some(i)).then_some(true)/>
                                    <label for=id>
                                        <span class="level-points">{td_string!(l, grading.level_points, points = i64::from(level.points))}</span>" "
                                        <span lang=CONTENT_LANGUAGE.code()>{level.descriptor}</span>
                                        {(suggested.get(c) == Some(&i)).then(|| view! { " "<strong class="suggested">{td_string!(l, grading.ai_suggested)}</strong> })}
                                        {(saved_level == Some(i) && picks.is_some()).then(|| view! { " "<em>{td_string!(l, grading.saved_level)}</em> })}
                                    </label>
                                </div>
                            }
                        })
                        .collect_view();
                    view! {
                        <fieldset class="criterion" data-criterion=c.to_string()>
                            <legend lang=CONTENT_LANGUAGE.code()>{criterion.name}</legend>
                            {levels}
                        </fieldset>
                    }
                })
                .collect_view();
            view! {
                <PreScore suggestion/>
                {earned.map(|e| view! {
                    <p class="auto-result">{td_string!(l, grading.points_of, points = i64::from(e), max = i64::from(item.max))}</p>
                })}
                {fieldsets}
            }
            .into_any()
        }
    };
    view! {
        <section class="panel item" id=format!("item-{p}")>
            <h2>{td_string!(l, grading.question, n = i64::from(p), max = i64::from(item.max))}</h2>
            <p class="prompt" lang=CONTENT_LANGUAGE.code()>{item.prompt}</p>
            {answer}
            {grade}
        </section>
    }
}

/// Under this confidence a pre-score says to read closely (the queue puts these first).
const LOW_CONFIDENCE: f32 = 0.6;

/// The pre-scorer's suggestion for one open answer: how sure it is and why, in words a trainer
/// can check against the answer above it.
#[component]
fn PreScore(suggestion: Suggestion) -> impl IntoView {
    let l = use_locale();
    let body = match suggestion {
        Suggestion::Off => view! { <p class="hint">{td_string!(l, grading.ai_off)}</p> }.into_any(),
        Suggestion::Waiting => view! { <p class="hint">{td_string!(l, grading.ai_waiting)}</p> }.into_any(),
        Suggestion::Ready { levels, confidence, reasons, stale } => {
            let percent = i64::from((confidence * 100.0).round() as i32);
            let (mut covers, mut misses, mut notes) = (Vec::new(), Vec::new(), Vec::new());
            for reason in reasons {
                match reason {
                    SuggestionReason::Covers(p) => covers.push(p),
                    SuggestionReason::Misses(p) => misses.push(p),
                    SuggestionReason::Empty => notes.push(td_string!(l, grading.ai_empty).to_string()),
                    SuggestionReason::Short => notes.push(td_string!(l, grading.ai_short).to_string()),
                    SuggestionReason::UnfamiliarLanguage => notes.push(td_string!(l, grading.ai_unfamiliar).to_string()),
                    SuggestionReason::OffTopic => notes.push(td_string!(l, grading.ai_off_topic).to_string()),
                    SuggestionReason::NoReference => notes.push(td_string!(l, grading.ai_no_reference).to_string()),
                    SuggestionReason::Failed => notes.push(td_string!(l, grading.ai_failed).to_string()),
                    SuggestionReason::Calibrated(grades) => {
                        notes.push(td_string!(l, grading.ai_calibrated, count = grades as i64).to_string())
                    }
                }
            }
            let list = |label: String, points: Vec<String>, class: &'static str| {
                (!points.is_empty()).then(|| {
                    view! {
                        <p class=class>
                            <strong>{label}</strong>" "
                            <span lang=CONTENT_LANGUAGE.code()>{points.join("; ")}</span>
                        </p>
                    }
                })
            };
            view! {
                {(!levels.is_empty()).then(|| view! {
                    <p class="confidence">
                        {td_string!(l, grading.ai_confidence, percent = percent)}
                        {(confidence < LOW_CONFIDENCE).then(|| view! { " "<strong>{td_string!(l, grading.ai_low)}</strong> })}
                    </p>
                })}
                {list(td_string!(l, grading.ai_covers).to_string(), covers, "covers")}
                {list(td_string!(l, grading.ai_misses).to_string(), misses, "misses")}
                {notes.into_iter().map(|n| view! { <p class="hint">{n}</p> }).collect_view()}
                {stale.then(|| view! { <p class="hint">{td_string!(l, grading.ai_stale)}</p> })}
                <p class="hint">{td_string!(l, grading.ai_explain)}</p>
            }
            .into_any()
        }
    };
    view! {
        <div class="prescore">
            <h3>{td_string!(l, grading.ai_heading)}</h3>
            {body}
        </div>
    }
}
