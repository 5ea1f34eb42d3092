//! `/learn`: where the learner is, what to do next, and how the week is going. No script at all.

use crate::api::learner::dashboard::get_learner_dashboard;
use crate::auth::Role;
use crate::i18n::td_string;
use crate::model::CONTENT_LANGUAGE;
use crate::model::learner::{EarnedAchievement, LearnerDashboard, PathProgress};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::components::tile::Tile;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;

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
            <nav class="panel areas" aria-labelledby="areas-heading">
                <h2 id="areas-heading">{td_string!(l, learn.areas)}</h2>
                <ul>
                    <li><a href="/learn/paths">{td_string!(l, learn.all_paths)}</a></li>
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
