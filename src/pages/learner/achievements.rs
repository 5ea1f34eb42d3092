//! `/learn/achievements`: earned achievements with their dates, and the rest with how far the
//! learner is toward each, as a bar and in words. No script.

use crate::api::learner::achievements::get_achievements;
use crate::auth::Role;
use crate::i18n::td_string;
use crate::model::learner::{EarnedAchievement, LearnerAchievements, LockedAchievement};
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;

#[component]
pub fn AchievementsPage() -> impl IntoView {
    data_page(get_achievements(), |a| view! { <Achievements a/> })
}

#[component]
fn Achievements(a: LearnerAchievements) -> impl IntoView {
    let l = use_locale();
    let earned = if a.earned.is_empty() {
        view! { <p class="empty">{td_string!(l, achievements.earned_empty)}</p> }.into_any()
    } else {
        view! { <ul class="achievements">{a.earned.into_iter().map(|e| view! { <Earned e/> }).collect_view()}</ul> }.into_any()
    };
    let locked = if a.locked.is_empty() {
        view! { <p class="empty">{td_string!(l, achievements.locked_empty)}</p> }.into_any()
    } else {
        view! { <ul class="cards">{a.locked.into_iter().map(|x| view! { <Locked x/> }).collect_view()}</ul> }.into_any()
    };
    view! {
        <AppLayout title=td_string!(l, achievements.title).to_string() user=(Role::Learner, a.display_name)>
            <h1>{td_string!(l, achievements.title)}</h1>
            <section class="panel" aria-labelledby="earned-heading" id="earned-achievements">
                <h2 id="earned-heading">{td_string!(l, achievements.earned)}</h2>
                {earned}
            </section>
            <section class="panel" aria-labelledby="locked-heading" id="locked-achievements">
                <h2 id="locked-heading">{td_string!(l, achievements.locked)}</h2>
                {locked}
            </section>
        </AppLayout>
    }
}

#[component]
fn Earned(e: EarnedAchievement) -> impl IntoView {
    let l = use_locale();
    let (title, text) = text::achievement(l, e.code);
    let meta = td_string!(l, learn.achievement_meta, count = i64::from(e.points), date = text::iso(e.earned_on)).to_string();
    view! { <li><strong>{title}</strong>" · "{text}<span class="meta">" "{meta}</span></li> }
}

#[component]
fn Locked(x: LockedAchievement) -> impl IntoView {
    let l = use_locale();
    let (title, text) = text::achievement(l, x.code);
    let id = format!("locked-{}", x.code);
    let percent = (u64::from(x.toward.current) * 100 / u64::from(x.toward.target.max(1))).min(100);
    view! {
        <li class="card" id=id.clone()>
            <h3>{title.clone()}</h3>
            <p>{text}</p>
            <progress max="100" value=percent.to_string()
                aria-label=td_string!(l, achievements.progress_label, name = title)>{format!("{percent}%")}</progress>
            <p class="meta">{text::toward(l, x.criterion, x.toward)}</p>
            <p class="meta">{td_string!(l, achievements.worth, count = i64::from(x.points))}</p>
        </li>
    }
}
