//! `/learn`: where the learner is, what to do next, and how the week is going.

use crate::api::learner::get_learner_dashboard;
use crate::auth::Role;
use crate::model::{LearnerDashboard, PathProgress};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page_error::data_page;
use crate::ui::components::tile::Tile;
use leptos::prelude::*;

#[component]
pub fn LearnerDashboardPage() -> impl IntoView {
    data_page(get_learner_dashboard(), |d| view! { <Dashboard d/> })
}

fn days(n: u32) -> String {
    if n == 1 { "1 day".into() } else { format!("{n} days") }
}

#[component]
fn Dashboard(d: LearnerDashboard) -> impl IntoView {
    let first_name = d.display_name.split_whitespace().next().unwrap_or("").to_string();
    let streak_detail = if d.streak_days == 0 {
        "Complete a lesson today to start a streak.".to_string()
    } else {
        "Days in a row with learning. Keep it going today.".to_string()
    };
    let goal_left = (d.weekly_goal_minutes - d.minutes_this_week).max(0);
    let goal_detail = if goal_left == 0 {
        "Goal reached this week. Well done!".to_string()
    } else {
        format!("{goal_left} minutes to go this week.")
    };
    let achievements = if d.recent_achievements.is_empty() {
        view! { <p class="empty">"Complete your first lesson to earn your first achievement."</p> }.into_any()
    } else {
        view! {
            <ul class="achievements">
                {d.recent_achievements.into_iter().map(|a| view! {
                    <li>
                        <strong>{a.title}</strong>" · "{a.description}
                        <span class="meta">{format!(" +{} points · {}", a.points, a.earned_on)}</span>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <AppLayout title="My learning".to_string() user=(Role::Learner, d.display_name.clone())>
            <h1>{format!("Hello, {first_name}")}</h1>
            {match d.path {
                Some(p) => view! { <CurrentPath p/> }.into_any(),
                None => view! {
                    <section class="panel" id="current-path">
                        <h2>"No learning path yet"</h2>
                        <p class="empty">
                            "You are not enrolled in a learning path yet. Your trainer adds you to a cohort, "
                            "and its lessons appear here."
                        </p>
                    </section>
                }.into_any(),
            }}
            <div class="tiles">
                <Tile id="overall" label="Overall progress" value=format!("{}%", d.overall_percent)
                    detail="Of all lessons in your learning paths.".to_string()/>
                <section class="tile" id="weekly-goal">
                    <h3>"This week"</h3>
                    <p class="value">{format!("{} / {} min", d.minutes_this_week, d.weekly_goal_minutes)}</p>
                    <progress max="100" value=d.weekly_goal_percent.to_string()
                        aria-label="Weekly goal">{format!("{}%", d.weekly_goal_percent)}</progress>
                    <p class="detail">{goal_detail}</p>
                </section>
                <Tile id="streak" label="Streak" value=days(d.streak_days) detail=streak_detail/>
                <Tile id="points" label="Points" value=d.points.to_string()
                    detail="Earned from lessons and achievements.".to_string()/>
            </div>
            <section class="panel" id="achievements">
                <h2>"Recent achievements"</h2>
                {achievements}
            </section>
        </AppLayout>
    }
}

#[component]
fn CurrentPath(p: PathProgress) -> impl IntoView {
    let next = match p.next_lesson {
        Some(n) => view! {
            <div class="next" id="next-lesson">
                <h3>"Next lesson"</h3>
                <p class="lesson-title">{n.title}</p>
                <p class="meta">
                    {format!("{} · {} · about {} min", n.module_title, kind_label(&n.kind), n.minutes)}
                    {n.offline_available.then(|| view! { <span class="badge">"Works offline"</span> })}
                </p>
            </div>
        }
        .into_any(),
        None => view! { <p class="done" id="next-lesson">"You have finished every lesson in this path."</p> }.into_any(),
    };
    view! {
        <section class="panel" id="current-path">
            <h2>{p.title}</h2>
            <progress max="100" value=p.percent.to_string() aria-label="Path progress">{format!("{}%", p.percent)}</progress>
            <p class="meta">{format!("{} of {} lessons done · {}%", p.completed_lessons, p.total_lessons, p.percent)}</p>
            {next}
        </section>
    }
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "video" => "Video",
        "interactive" => "Interactive",
        "quiz" => "Quiz",
        _ => "Reading",
    }
}
