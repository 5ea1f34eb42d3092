//! `/learn`: where the learner is, what to do next, and how the week is going. No script at all.

use crate::api::learner::dashboard::{DismissInsight, get_learner_dashboard};
use crate::auth::Role;
use crate::domain::recommend::{Insight, InsightKind, Kind, Reason};
use crate::i18n::{td, td_string};
use crate::model::CONTENT_LANGUAGE;
use crate::model::learner::{EarnedAchievement, LearnerDashboard, NextStep, PathProgress};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::components::tile::Tile;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn LearnerDashboardPage() -> impl IntoView {
    data_page(get_learner_dashboard(), |d| view! { <Dashboard d/> })
}

#[component]
fn Dashboard(d: LearnerDashboard) -> impl IntoView {
    let l = use_locale();
    let first_name = d.display_name.split_whitespace().next().unwrap_or("").to_string();
    let streak_detail = if d.streak_days == 0 { td_string!(l, learn.streak_none) } else { td_string!(l, learn.streak_going) }.to_string();
    let goal_left = i64::from((d.weekly_goal_minutes - d.minutes_this_week).max(0));
    let goal_detail = if goal_left == 0 {
        td_string!(l, learn.goal_reached).to_string()
    } else {
        td_string!(l, learn.goal_left, count = goal_left).to_string()
    };
    let achievements = if d.recent_achievements.is_empty() {
        view! { <p class="empty">{td_string!(l, learn.achievements_empty)}</p> }.into_any()
    } else {
        view! {
            <ul class="achievements">
                {d.recent_achievements.into_iter().map(|a| view! { <Achievement a/> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let no_path = move || {
        view! {
            <section class="panel" id="current-path">
                <h2>{td_string!(l, learn.no_path_title)}</h2>
                <p class="empty">{td_string!(l, learn.no_path_body)}</p>
            </section>
        }
    };
    view! {
        <AppLayout title=td_string!(l, learn.title).to_string() user=(Role::Learner, d.display_name.clone())>
            <h1>{td_string!(l, learn.hello, name = first_name)}</h1>
            {match d.path {
                Some(p) => view! { <CurrentPath p/> }.into_any(),
                None => no_path().into_any(),
            }}
            <div class="tiles">
                <Tile id="overall" label=td_string!(l, learn.overall).to_string() value=text::percent(l, d.overall_percent)
                    detail=td_string!(l, learn.overall_detail).to_string()/>
                <section class="tile" id="weekly-goal">
                    <h3>{td_string!(l, learn.this_week)}</h3>
                    <p class="value">{td_string!(l, learn.week_value, done = d.minutes_this_week, goal = d.weekly_goal_minutes)}</p>
                    <progress max="100" value=d.weekly_goal_percent.to_string()
                        aria-label=td_string!(l, learn.weekly_goal)>{text::percent(l, d.weekly_goal_percent)}</progress>
                    <p class="detail">{goal_detail}</p>
                </section>
                <Tile id="streak" label=td_string!(l, learn.streak).to_string() value=text::days(l, d.streak_days.into())
                    detail=streak_detail/>
                <Tile id="points" label=td_string!(l, learn.points).to_string() value=text::number(l, d.points)
                    detail=td_string!(l, learn.points_detail).to_string()/>
            </div>
            {d.next_step.map(|step| view! { <NextStepPanel step/> })}
            <Insights insights=d.insights/>
            <nav class="panel areas" aria-labelledby="areas-heading">
                <h2 id="areas-heading">{td_string!(l, learn.areas)}</h2>
                <ul>
                    <li><a href="/learn/paths">{td_string!(l, learn.all_paths)}</a></li>
                    <li><a href="/learn/progress">{td_string!(l, learn.my_progress)}</a></li>
                    <li><a href="/learn/achievements">{td_string!(l, learn.all_achievements)}</a></li>
                    <li><a href="/learn/profile">{td_string!(l, learn.my_settings)}</a></li>
                </ul>
            </nav>
            <section class="panel" id="achievements">
                <h2>{td_string!(l, learn.achievements)}</h2>
                {achievements}
            </section>
        </AppLayout>
    }
}

#[component]
fn Achievement(a: EarnedAchievement) -> impl IntoView {
    let l = use_locale();
    let (title, text) = text::achievement(l, a.code);
    let meta = td_string!(l, learn.achievement_meta, count = i64::from(a.points), date = text::iso(a.earned_on)).to_string();
    view! {
        <li>
            <strong>{title}</strong>" · "{text}
            <span class="meta">" "{meta}</span>
        </li>
    }
}

#[component]
fn CurrentPath(p: PathProgress) -> impl IntoView {
    let l = use_locale();
    let content = CONTENT_LANGUAGE.code();
    let next = match p.next_lesson {
        Some(n) => view! {
            <div class="next" id="next-lesson">
                <h3>{td_string!(l, learn.next_lesson)}</h3>
                <p class="lesson-title"><a href=format!("/learn/lessons/{}", n.lesson_id) lang=content>{n.title}</a></p>
                <p class="meta">
                    <span lang=content>{n.module_title}</span>
                    " · "{text::lesson_kind(l, n.kind)}
                    " · "{td_string!(l, learn.about_minutes, minutes = n.minutes)}
                    {n.offline_available.then(|| view! { <span class="badge">{td_string!(l, learn.works_offline)}</span> })}
                </p>
            </div>
        }
        .into_any(),
        None => view! { <p class="done" id="next-lesson">{td_string!(l, learn.path_finished)}</p> }.into_any(),
    };
    view! {
        <section class="panel" id="current-path">
            <h2><a href=format!("/learn/paths/{}", p.learning_path_id) lang=content>{p.title}</a></h2>
            <progress max="100" value=p.percent.to_string()
                aria-label=td_string!(l, learn.path_progress)>{text::percent(l, p.percent)}</progress>
            <p class="meta">
                {td_string!(l, learn.lessons_done, done = p.completed_lessons, count = p.total_lessons)}
                " · "{text::percent(l, p.percent)}
            </p>
            {next}
        </section>
    }
}

/// The suggested next step, with its reasons in words, and what the plain next lesson would be.
#[component]
fn NextStepPanel(step: NextStep) -> impl IntoView {
    let l = use_locale();
    let content = CONTENT_LANGUAGE.code();
    let kind = match step.kind {
        Kind::Next => td_string!(l, next.kind_next),
        Kind::Review => td_string!(l, next.kind_review),
        Kind::Retake => td_string!(l, next.kind_retake),
    };
    let reasons = step
        .reasons
        .into_iter()
        .map(|r| {
            let words = match r {
                Reason::WeakSkill { skill, correct, answers } => {
                    let skill = text::skill(&skill);
                    let (correct, answers) = (i64::from(correct), i64::from(answers));
                    td!(
                        l,
                        next.reason_weak,
                        correct = move || correct,
                        answers = move || answers,
                        skill = move || view! { <span lang=content>{skill.clone()}</span> }
                    )
                    .into_any()
                }
                Reason::NewSkill { skill } => {
                    let skill = text::skill(&skill);
                    td!(l, next.reason_new, skill = move || view! { <span lang=content>{skill.clone()}</span> }).into_any()
                }
                Reason::FitsGoal { minutes, left } if minutes <= left => {
                    td_string!(l, next.reason_fits, minutes = i64::from(minutes), left = i64::from(left)).to_string().into_any()
                }
                Reason::FitsGoal { minutes, left } => {
                    td_string!(l, next.reason_over, minutes = i64::from(minutes), left = i64::from(left)).to_string().into_any()
                }
                Reason::GoalMet => td_string!(l, next.reason_goal_met).to_string().into_any(),
                Reason::NextInPath => td_string!(l, next.reason_next).to_string().into_any(),
            };
            view! { <li>{words}</li> }
        })
        .collect_view();
    let instead = step.instead_of.map(|b| {
        let title = b.title;
        view! {
            <p class="meta" id="instead-of">
                {td!(l, next.instead_of, title = move || view! { <a href=format!("/learn/lessons/{}", b.lesson_id) lang=content>{title.clone()}</a> })}
            </p>
        }
    });
    view! {
        <section class="panel" id="next-step" aria-labelledby="next-step-heading">
            <h2 id="next-step-heading">{td_string!(l, next.heading)}</h2>
            <p class="lesson-title">
                <span class="badge">{kind}</span>" "
                <a href=format!("/learn/lessons/{}", step.lesson_id) lang=content>{step.title}</a>
            </p>
            <h3>{td_string!(l, next.why)}</h3>
            <ul class="reasons">{reasons}</ul>
            {instead}
        </section>
    }
}

/// What the learner's answers show, each with a "not useful" button (a plain form).
#[component]
fn Insights(insights: Vec<Insight>) -> impl IntoView {
    let l = use_locale();
    let body = if insights.is_empty() {
        view! { <p class="empty">{td_string!(l, next.no_insights)}</p> }.into_any()
    } else {
        let items = insights
            .into_iter()
            .map(|i| {
                let (class, label) = match i.kind {
                    InsightKind::NeedsWork => ("insight needs-work", td_string!(l, next.kind_needs_work)),
                    InsightKind::Suggestion => ("insight suggestion", td_string!(l, next.kind_suggestion)),
                    InsightKind::Strength => ("insight strength", td_string!(l, next.kind_strength)),
                };
                let skill = i.skill.as_deref().map(text::skill).unwrap_or_default();
                let content = CONTENT_LANGUAGE.code();
                let (correct, answers) = (i64::from(i.correct), i64::from(i.answers));
                let words = match i.kind {
                    InsightKind::NeedsWork => td!(
                        l,
                        next.insight_needs_work,
                        skill = move || view! { <span lang=content>{skill.clone()}</span> },
                        correct = move || correct,
                        answers = move || answers
                    )
                    .into_any(),
                    InsightKind::Strength => td!(
                        l,
                        next.insight_strength,
                        skill = move || view! { <span lang=content>{skill.clone()}</span> },
                        correct = move || correct,
                        answers = move || answers
                    )
                    .into_any(),
                    InsightKind::Suggestion => {
                        td_string!(l, next.insight_pace, minutes = i64::from(i.minutes_a_day.unwrap_or(0))).to_string().into_any()
                    }
                };
                let key = i.key.clone();
                view! {
                    <li class=class data-key=key>
                        <span class="badge">{label}</span>" "{words}
                        <form method="post" action=DismissInsight::PATH class="inline">
                            <input type="hidden" name="key" value=i.key/>
                            <button type="submit" class="button secondary">{td_string!(l, next.not_useful)}</button>
                        </form>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="insights">{items}</ul> }.into_any()
    };
    view! {
        <section class="panel" id="insights" aria-labelledby="insights-heading">
            <h2 id="insights-heading">{td_string!(l, next.insights)}</h2>
            {body}
        </section>
    }
}
