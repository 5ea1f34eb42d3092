//! Charts: options built with charming here on the server and drawn by ECharts on the page, with
//! a one-sentence summary and a table of the same figures beside every chart. Scripts come from
//! our own server, never a CDN, and only operations pages carry them.

use crate::domain::trend::{self, Trend};
use crate::i18n::{Locale, td_string};
use crate::model::ops::WeeklyActivity;
use crate::ui::text;
use charming::Chart as Options;
use charming::component::{Axis, Grid, Legend};
use charming::element::{AxisType, Tooltip, Trigger};
use charming::series::{Bar, Line};
use leptos::nonce::use_nonce;
use leptos::prelude::*;

/// The ECharts "common" build (bar, line, pie, scatter and the usual components) shipped in public/vendor; the version is in the name so it can be cached for good.
pub const ECHARTS_PATH: &str = "/vendor/echarts-common-6.1.0.min.js";

#[component]
pub fn Chart(
    /// What the chart shows, for screen readers.
    label: String,
    /// One sentence saying what the figures mean.
    summary: String,
    option_json: String,
) -> impl IntoView {
    let nonce = use_nonce().map(|n| n.to_string());
    view! {
        <p class="chart-summary">{summary}</p>
        <div class="chart" role="img" aria-label=label data-echarts=option_json></div>
        <script src=ECHARTS_PATH defer=true nonce=nonce.clone()></script>
        <script src="/charts.js" defer=true nonce=nonce></script>
    }
}

/// Bars of lessons completed and a line of active learners, per week, labelled in `l`.
pub fn weekly_activity(l: Locale, weeks: &[WeeklyActivity]) -> String {
    let labels: Vec<String> = weeks.iter().map(|w| text::day_month(l, w.week_start)).collect();
    let chart = Options::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top("0"))
        .grid(Grid::new().left("40").right("16").bottom("24").top("36"))
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(
            Bar::new()
                .name(td_string!(l, ops.col_completed).to_string())
                .data(weeks.iter().map(|w| w.lessons_completed).collect::<Vec<_>>()),
        )
        .series(
            Line::new().name(td_string!(l, ops.col_active).to_string()).data(weeks.iter().map(|w| w.active_learners).collect::<Vec<_>>()),
        );
    serde_json::to_string(&chart).unwrap_or_else(|_| "{}".to_owned())
}

/// "Active learners rose from 120 to 154 over 8 weeks."
pub fn weekly_activity_summary(l: Locale, weeks: &[WeeklyActivity]) -> String {
    let week_of = |i: usize| text::iso(weeks[i].week_start);
    let series: Vec<i64> = weeks.iter().map(|w| w.active_learners).collect();
    let count = weeks.len() as i64;
    match trend::of(&series) {
        Trend::Rose { from, to } => td_string!(l, ops.trend_rose, from = from, to = to, count = count).to_string(),
        Trend::Fell { from, to } => td_string!(l, ops.trend_fell, from = from, to = to, count = count).to_string(),
        Trend::Peaked { peak, at, to } => td_string!(l, ops.trend_peaked, peak = peak, week = week_of(at), to = to).to_string(),
        Trend::Flat { value } => td_string!(l, ops.trend_flat, value = value, count = count).to_string(),
        Trend::Empty => td_string!(l, ops.trend_empty).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weeks(active: &[i64]) -> Vec<WeeklyActivity> {
        let monday: chrono::NaiveDate = "2026-09-28".parse().unwrap();
        active
            .iter()
            .enumerate()
            .map(|(i, &a)| WeeklyActivity {
                week_start: monday + chrono::Days::new(7 * i as u64),
                active_learners: a,
                lessons_completed: a * 2,
            })
            .collect()
    }

    #[test]
    fn the_summary_tells_the_trend_in_each_language() {
        let rising = weeks(&[120, 130, 154]);
        assert_eq!(weekly_activity_summary(Locale::en, &rising), "Active learners rose from 120 to 154 over 3 weeks.");
        assert!(weekly_activity_summary(Locale::sw, &rising).contains("kutoka 120 hadi 154"));
        let peaked = weeks(&[12, 122, 158, 155, 148, 122, 98, 69]);
        assert_eq!(
            weekly_activity_summary(Locale::en, &peaked),
            "Active learners peaked at 158 in the week of Oct 12, 2026 and were 69 in the latest week."
        );
        assert!(weekly_activity_summary(Locale::fr, &peaked).contains("12 oct. 2026"));
        assert_eq!(weekly_activity_summary(Locale::en, &weeks(&[0, 0])), "No learning activity was recorded in these weeks.");
    }

    #[test]
    fn the_chart_is_labelled_in_the_readers_language() {
        let json = weekly_activity(Locale::fr, &weeks(&[1, 2]));
        assert!(json.contains("Leçons terminées") && json.contains("Apprenants actifs"), "{json}");
        assert!(json.contains("28/9"), "{json}");
    }
}
