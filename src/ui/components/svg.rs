//! Charts for learner pages drawn on the server as inline SVG (no chart script reaches a learner),
//! each with a table of the same figures for screen readers and for reading exact values.

use leptos::prelude::*;

/// One bar: its label under the axis, its value, and the words a pointer or screen reader gets.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub title: String,
    /// Drawn as "met" (the goal reached, a pass).
    pub met: bool,
}

const W: f64 = 320.0;
const H: f64 = 140.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 22.0;

/// Vertical bars with an optional target line (a weekly goal, a pass mark); scales to the wider of
/// the highest bar and the target.
#[component]
pub fn BarChart(label: String, bars: Vec<Bar>, #[prop(optional)] target: Option<(f64, String)>) -> impl IntoView {
    let max = bars.iter().map(|b| b.value).fold(target.as_ref().map_or(0.0, |t| t.0), f64::max).max(1.0);
    let n = bars.len().max(1) as f64;
    let slot = W / n;
    let plot = H - TOP - BOTTOM;
    let y = move |v: f64| TOP + plot - (v / max) * plot;
    let every = (bars.len() / 8).max(1);
    let drawn = bars
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let x = i as f64 * slot + slot * 0.15;
            let top = y(b.value);
            let class = if b.met { "bar met" } else { "bar" };
            let label = (i % every == 0).then(|| {
                view! { <text x=format!("{:.1}", x + slot * 0.35) y=format!("{:.1}", H - 6.0) text-anchor="middle" class="axis">{b.label.clone()}</text> }
            });
            view! {
                <rect class=class x=format!("{x:.1}") y=format!("{top:.1}") width=format!("{:.1}", slot * 0.7)
                    height=format!("{:.1}", (TOP + plot - top).max(0.0))><title>{b.title}</title></rect>
                {label}
            }
        })
        .collect_view();
    let goal = target.map(|(v, words)| view! { <TargetLine at=y(v) words/> });
    view! {
        <Frame label>
            {drawn}
            {goal}
        </Frame>
    }
}

/// Points joined by a line (scores over time), on a 0–100 scale with a reference line.
#[component]
pub fn DotChart(label: String, points: Vec<Bar>, reference: Option<(f64, String)>) -> impl IntoView {
    let n = points.len().max(2) as f64;
    let plot = H - TOP - BOTTOM;
    let y = move |v: f64| TOP + plot - (v.clamp(0.0, 100.0) / 100.0) * plot;
    let x = move |i: usize| 10.0 + i as f64 * (W - 20.0) / (n - 1.0);
    let path: String =
        points.iter().enumerate().map(|(i, p)| format!("{}{:.1},{:.1}", if i == 0 { "M" } else { " L" }, x(i), y(p.value))).collect();
    let dots = points
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let class = if p.met { "dot met" } else { "dot" };
            view! { <circle class=class cx=format!("{:.1}", x(i)) cy=format!("{:.1}", y(p.value)) r="4"><title>{p.title}</title></circle> }
        })
        .collect_view();
    let reference = reference.map(|(v, words)| view! { <TargetLine at=y(v) words/> });
    view! {
        <Frame label>
            {reference}
            <path class="line" d=path/>
            {dots}
        </Frame>
    }
}

/// The chart's canvas, labelled for screen readers, with the axis line at the foot of the plot.
#[component]
fn Frame(label: String, children: Children) -> impl IntoView {
    let base = TOP + (H - TOP - BOTTOM);
    view! {
        <svg class="svg-chart" viewBox=format!("0 0 {W} {H}") role="img" aria-label=label preserveAspectRatio="none">
            <line class="baseline" x1="0" x2=format!("{W}") y1=format!("{base:.1}") y2=format!("{base:.1}")/>
            {children()}
        </svg>
    }
}

/// A horizontal reference (a goal, a pass mark) across the chart at height `at`, named at the right.
#[component]
fn TargetLine(at: f64, words: String) -> impl IntoView {
    view! {
        <line class="target" x1="0" x2=format!("{W}") y1=format!("{at:.1}") y2=format!("{at:.1}")/>
        <text class="axis" x=format!("{W}") y=format!("{:.1}", (at - 3.0).max(9.0)) text-anchor="end">{words}</text>
    }
}
