//! `/learn/progress`: the learner's weeks against their goal, days, modules, scores and skills,
//! drawn on the server as SVG with the same figures in tables: no chart script on this page.

use crate::api::learner::progress::get_progress;
use crate::auth::Role;
use crate::domain::bkt::Band;
use crate::i18n::td_string;
use crate::model::CONTENT_LANGUAGE;
use crate::model::learner::ProgressView;
use crate::ui::components::layout::AppLayout;
use crate::ui::components::page::data_page;
use crate::ui::components::svg::{Bar, BarChart, DotChart};
use crate::ui::components::table::TableFrame;
use crate::ui::text::{self, use_locale};
use leptos::prelude::*;

#[component]
pub fn ProgressPage() -> impl IntoView {
    data_page(get_progress(), |p| view! { <Progress p/> })
}

#[component]
fn Progress(p: ProgressView) -> impl IntoView {
    let l = use_locale();
    let content = CONTENT_LANGUAGE.code();
    let goal = p.weekly_goal_minutes;
    let met = p.weeks.iter().filter(|w| goal > 0 && w.minutes >= i64::from(goal)).count();
    let any_minutes = p.weeks.iter().any(|w| w.minutes > 0);
    let week_bars: Vec<Bar> = p
        .weeks
        .iter()
        .map(|w| Bar {
            label: text::day_month(l, w.monday),
            value: w.minutes as f64,
            title: td_string!(l, progress.week_bar, date = text::date(l, w.monday), minutes = text::minutes(l, w.minutes)).to_string(),
            met: goal > 0 && w.minutes >= i64::from(goal),
        })
        .collect();
    let day_bars: Vec<Bar> = p
        .weeks
        .iter()
        .flat_map(|w| w.days.iter().enumerate().map(move |(d, m)| (w.monday + chrono::Days::new(d as u64), *m)))
        .map(|(day, m)| Bar {
            label: text::day_month(l, day),
            value: m as f64,
            title: format!("{}: {}", text::date(l, day), text::minutes(l, m)),
            met: m > 0,
        })
        .collect();
    let week_rows = p
        .weeks
        .iter()
        .map(|w| {
            let active = w.days.iter().filter(|m| **m > 0).count() as i64;
            view! { <tr><th scope="row">{text::date(l, w.monday)}</th><td class="num">{text::minutes(l, w.minutes)}</td><td class="num">{text::days(l, active)}</td></tr> }
        })
        .collect_view();
    let weeks = if any_minutes {
        view! {
            <p class="chart-summary">{td_string!(l, progress.weeks_summary, met = met as i64, count = p.weeks.len() as i64)}</p>
            <BarChart label=td_string!(l, progress.weeks_heading).to_string() bars=week_bars
                target=(f64::from(goal), td_string!(l, progress.goal_line, minutes = text::minutes(l, i64::from(goal))).to_string())/>
            <h3>{td_string!(l, progress.days_heading)}</h3>
            <BarChart label=td_string!(l, progress.days_heading).to_string() bars=day_bars/>
            <details>
                <summary>{td_string!(l, progress.as_table)}</summary>
                <TableFrame label=td_string!(l, progress.weeks_heading).to_string()><table>
                    <thead><tr><th scope="col">{td_string!(l, progress.week_of)}</th><th scope="col">{td_string!(l, progress.minutes)}</th><th scope="col">{td_string!(l, progress.days_active)}</th></tr></thead>
                    <tbody>{week_rows}</tbody>
                </table></TableFrame>
            </details>
        }
        .into_any()
    } else {
        view! { <p class="empty">{td_string!(l, progress.no_minutes)}</p> }.into_any()
    };
    let modules = if p.modules.is_empty() {
        view! { <p class="empty">{td_string!(l, progress.no_paths)}</p> }.into_any()
    } else {
        let rows = p
            .modules
            .into_iter()
            .enumerate()
            .map(|(i, m)| {
                let id = format!("module-{i}");
                let pct = crate::domain::progress::percent(m.done, m.total);
                view! {
                    <li>
                        <span id=id.clone() lang=content>{m.title}</span>" · "{td_string!(l, progress.lessons_done, done = m.done, count = m.total)}
                        <progress max="100" value=pct.to_string() aria-labelledby=id>{text::percent(l, pct)}</progress>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="modules-done">{rows}</ul> }.into_any()
    };
    let scores = if p.scores.is_empty() {
        view! { <p class="empty">{td_string!(l, progress.no_scores)}</p> }.into_any()
    } else {
        let pass = p.scores.last().map_or(60, |s| s.pass_score);
        let passed = p.scores.iter().filter(|s| s.score >= s.pass_score).count() as i64;
        let points: Vec<Bar> = p
            .scores
            .iter()
            .map(|s| Bar {
                label: text::day_month(l, s.on),
                value: f64::from(s.score),
                // The assessment's name is in the table beside the chart, marked with its language.
                title: format!("{}: {}", text::date(l, s.on), text::percent(l, s.score.clamp(0, 100) as u8)),
                met: s.score >= s.pass_score,
            })
            .collect();
        let rows = p
            .scores
            .iter()
            .map(|s| {
                view! {
                    <tr>
                        <th scope="row" lang=content>{s.title.clone()}</th>
                        <td>{text::date(l, s.on)}</td>
                        <td class="num">{text::percent(l, s.score.clamp(0, 100) as u8)}</td>
                        <td class="num">{text::percent(l, s.pass_score.clamp(0, 100) as u8)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <p class="chart-summary">{td_string!(l, progress.scores_summary, passed = passed, count = p.scores.len() as i64)}</p>
            <DotChart label=td_string!(l, progress.scores_heading).to_string() points
                reference=Some((f64::from(pass), td_string!(l, progress.pass_line, percent = text::percent(l, pass.clamp(0, 100) as u8)).to_string()))/>
            <details>
                <summary>{td_string!(l, progress.as_table)}</summary>
                <TableFrame label=td_string!(l, progress.scores_heading).to_string()><table>
                    <thead><tr>
                        <th scope="col">{td_string!(l, progress.assessment)}</th><th scope="col">{td_string!(l, progress.date)}</th>
                        <th scope="col">{td_string!(l, progress.score)}</th><th scope="col">{td_string!(l, progress.pass_mark)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table></TableFrame>
            </details>
        }
        .into_any()
    };
    let skills = if p.skills.is_empty() {
        view! { <p class="empty">{td_string!(l, progress.no_skills)}</p> }.into_any()
    } else {
        let rows = p
            .skills
            .into_iter()
            .map(|s| {
                let band = match s.band {
                    Band::Mastered => td_string!(l, progress.band_mastered).to_string(),
                    Band::Growing => td_string!(l, progress.band_growing).to_string(),
                    Band::NeedsWork => td_string!(l, progress.band_needs_work).to_string(),
                };
                let pct = crate::domain::progress::share_percent(s.p_known);
                view! {
                    <tr>
                        <th scope="row" lang=content>{text::skill(&s.skill)}</th>
                        <td>{band}</td>
                        <td class="num">{text::percent(l, pct)}</td>
                        <td class="num">{td_string!(l, progress.right_of, correct = i64::from(s.correct), count = i64::from(s.answers))}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <p>{td_string!(l, progress.skills_explained)}</p>
            <TableFrame label=td_string!(l, progress.skills_heading).to_string()><table class="skills">
                <thead><tr>
                    <th scope="col">{td_string!(l, progress.skill)}</th><th scope="col">{td_string!(l, progress.band)}</th>
                    <th scope="col">{td_string!(l, progress.known)}</th><th scope="col">{td_string!(l, progress.answers)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></TableFrame>
        }
        .into_any()
    };
    view! {
        <AppLayout title=td_string!(l, progress.title).to_string() user=(Role::Learner, p.display_name)>
            <h1>{td_string!(l, progress.title)}</h1>
            <section class="panel" aria-labelledby="weeks-heading" id="weeks">
                <h2 id="weeks-heading">{td_string!(l, progress.weeks_heading)}</h2>
                {weeks}
            </section>
            <section class="panel" aria-labelledby="modules-heading" id="modules">
                <h2 id="modules-heading">{td_string!(l, progress.modules_heading)}</h2>
                {modules}
            </section>
            <section class="panel" aria-labelledby="scores-heading" id="scores">
                <h2 id="scores-heading">{td_string!(l, progress.scores_heading)}</h2>
                {scores}
            </section>
            <section class="panel" aria-labelledby="skills-heading" id="skills">
                <h2 id="skills-heading">{td_string!(l, progress.skills_heading)}</h2>
                {skills}
            </section>
        </AppLayout>
    }
}
