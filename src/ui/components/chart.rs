//! Charts: options built with charming here on the server and drawn by ECharts on the page, with
//! a one-sentence summary and a table of the same figures beside every chart. Scripts come from
//! our own server, never a CDN, and only operations pages carry them.

use crate::domain::trend::{self, Trend};
use crate::i18n::{Locale, td_string};
use crate::model::ops::{KpiWeek, LoadRow, TrainerWeek};
use crate::ui::text;
use charming::Chart as Options;
use charming::component::{Axis, Grid, Legend};
use charming::element::{AxisType, Tooltip, Trigger};
use charming::series::{Bar, Line};
use leptos::nonce::use_nonce;
use leptos::prelude::*;

/// The ECharts "common" build (bar, line, pie, scatter and the usual components) shipped in public/vendor; the version is in the name so it can be cached for good.
pub const ECHARTS_PATH: &str = "/vendor/echarts-common-6.1.0.min.js";

/// A chart's drawing area with its summary; the page adds [`ChartScripts`] once.
#[component]
pub fn Chart(
    /// What the chart shows, for screen readers.
    label: String,
    /// One sentence saying what the figures mean.
    summary: String,
    option_json: String,
) -> impl IntoView {
    view! {
        <p class="chart-summary">{summary}</p>
        <div class="chart" role="img" aria-label=label data-echarts=option_json></div>
    }
}

/// ECharts and the script that draws every chart on the page: once per page, deferred, so the
/// page reads in full before either arrives.
#[component]
pub fn ChartScripts() -> impl IntoView {
    let nonce = use_nonce().map(|n| n.to_string());
    view! {
        <script src=ECHARTS_PATH defer=true nonce=nonce.clone()></script>
        <script src="/charts.js" defer=true nonce=nonce></script>
    }
}

/// The first day of a trend week, which names it ("week of").
pub fn week_start(w: &KpiWeek) -> chrono::NaiveDate {
    w.last_day - chrono::Days::new(6)
}

fn week_chart(l: Locale, weeks: &[KpiWeek]) -> Options {
    let labels: Vec<String> = weeks.iter().map(|w| text::day_month(l, week_start(w))).collect();
    Options::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top("0"))
        .grid(Grid::new().left("40").right("16").bottom("24").top("36"))
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(Axis::new().type_(AxisType::Value))
}

/// Bars of lessons completed and a line of learners active in the last 7 days, per week.
pub fn kpi_activity(l: Locale, weeks: &[KpiWeek]) -> String {
    let chart = week_chart(l, weeks)
        .series(
            Bar::new()
                .name(td_string!(l, ops.col_completed).to_string())
                .data(weeks.iter().map(|w| w.lessons_completed).collect::<Vec<_>>()),
        )
        .series(Line::new().name(td_string!(l, ops.col_active).to_string()).data(weeks.iter().map(|w| w.active_7).collect::<Vec<_>>()));
    serde_json::to_string(&chart).unwrap_or_else(|_| "{}".to_owned())
}

/// Lines of learners at risk and work waiting for a grade, at the end of each week.
pub fn kpi_attention(l: Locale, weeks: &[KpiWeek]) -> String {
    let chart = week_chart(l, weeks)
        .series(Line::new().name(td_string!(l, kpi.col_at_risk).to_string()).data(weeks.iter().map(|w| w.at_risk).collect::<Vec<_>>()))
        .series(Line::new().name(td_string!(l, kpi.col_backlog).to_string()).data(weeks.iter().map(|w| w.backlog).collect::<Vec<_>>()));
    serde_json::to_string(&chart).unwrap_or_else(|_| "{}".to_owned())
}

/// "Active learners rose from 120 to 154 over 8 weeks."
pub fn activity_summary(l: Locale, weeks: &[KpiWeek]) -> String {
    let week_of = |i: usize| text::iso(week_start(&weeks[i]));
    let series: Vec<i64> = weeks.iter().map(|w| w.active_7).collect();
    let count = weeks.len() as i64;
    match trend::of(&series) {
        Trend::Rose { from, to } => td_string!(l, ops.trend_rose, from = from, to = to, count = count).to_string(),
        Trend::Fell { from, to } => td_string!(l, ops.trend_fell, from = from, to = to, count = count).to_string(),
        Trend::Peaked { peak, at, to } => td_string!(l, ops.trend_peaked, peak = peak, week = week_of(at), to = to).to_string(),
        Trend::Flat { value } => td_string!(l, ops.trend_flat, value = value, count = count).to_string(),
        Trend::Empty => td_string!(l, ops.trend_empty).to_string(),
    }
}

/// "Learners at risk rose from 12 to 30 over 12 weeks; work waiting for a grade went from 40 to 55."
pub fn attention_summary(l: Locale, weeks: &[KpiWeek]) -> String {
    let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
        return td_string!(l, kpi.attention_empty).to_string();
    };
    let count = weeks.len() as i64;
    let risk = match trend::of(&weeks.iter().map(|w| w.at_risk).collect::<Vec<_>>()) {
        Trend::Rose { from, to } => td_string!(l, kpi.risk_rose, from = from, to = to, count = count).to_string(),
        Trend::Fell { from, to } => td_string!(l, kpi.risk_fell, from = from, to = to, count = count).to_string(),
        Trend::Peaked { peak, at, to } => {
            td_string!(l, kpi.risk_peaked, peak = peak, week = text::iso(week_start(&weeks[at])), to = to).to_string()
        }
        Trend::Flat { value } => td_string!(l, kpi.risk_flat, value = value, count = count).to_string(),
        Trend::Empty => td_string!(l, kpi.risk_none).to_string(),
    };
    let backlog = td_string!(l, kpi.backlog_moved, from = first.backlog, to = last.backlog).to_string();
    format!("{risk} {backlog}")
}

/// Bars of work a trainer graded each week, and a line of its median turnaround (hours, right axis).
pub fn trainer_weeks(l: Locale, weeks: &[TrainerWeek]) -> String {
    let labels: Vec<String> = weeks.iter().map(|w| text::day_month(l, w.starts_on)).collect();
    let chart = Options::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top("0"))
        .grid(Grid::new().left("40").right("40").bottom("24").top("36"))
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(Axis::new().type_(AxisType::Value))
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(Bar::new().name(td_string!(l, trainers.col_graded).to_string()).data(weeks.iter().map(|w| w.graded).collect::<Vec<_>>()))
        .series(
            Line::new()
                .name(td_string!(l, trainers.col_median_hours).to_string())
                .y_axis_index(1)
                .data(weeks.iter().map(|w| w.median_hours.map(|h| (h * 10.0).round() / 10.0)).collect::<Vec<_>>()),
        );
    serde_json::to_string(&chart).unwrap_or_else(|_| "{}".to_owned())
}

/// "Graded 45 pieces of work in 12 weeks; the weekly count rose from 2 to 6."
pub fn trainer_weeks_summary(l: Locale, weeks: &[TrainerWeek]) -> String {
    let total: i64 = weeks.iter().map(|w| w.graded).sum();
    let count = weeks.len() as i64;
    if total == 0 {
        return td_string!(l, trainers.weeks_none, count = count).to_string();
    }
    let graded = td_string!(l, trainers.weeks_total, total = total, count = count).to_string();
    let trend = match trend::of(&weeks.iter().map(|w| w.graded).collect::<Vec<_>>()) {
        Trend::Rose { from, to } => td_string!(l, trainers.weeks_rose, from = from, to = to).to_string(),
        Trend::Fell { from, to } => td_string!(l, trainers.weeks_fell, from = from, to = to).to_string(),
        Trend::Peaked { peak, at, to } => {
            td_string!(l, trainers.weeks_peaked, peak = peak, week = text::iso(weeks[at].starts_on), to = to).to_string()
        }
        Trend::Flat { value } => td_string!(l, trainers.weeks_flat, value = value).to_string(),
        Trend::Empty => String::new(),
    };
    format!("{graded} {trend}").trim_end().to_owned()
}

/// Each trainer's load today and in the proposal (bars), against their capacity (a line).
pub fn load_bars(l: Locale, rows: &[LoadRow]) -> String {
    let chart = Options::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top("0"))
        .grid(Grid::new().left("40").right("16").bottom("64").top("36"))
        .x_axis(Axis::new().type_(AxisType::Category).data(rows.iter().map(|r| r.name.clone()).collect::<Vec<_>>()))
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(Bar::new().name(td_string!(l, redistribute.col_before).to_string()).data(rows.iter().map(|r| r.before).collect::<Vec<_>>()))
        .series(Bar::new().name(td_string!(l, redistribute.col_after).to_string()).data(rows.iter().map(|r| r.after).collect::<Vec<_>>()))
        .series(
            Line::new()
                .name(td_string!(l, redistribute.col_capacity).to_string())
                .data(rows.iter().map(|r| i64::from(r.capacity)).collect::<Vec<_>>()),
        );
    serde_json::to_string(&chart).unwrap_or_else(|_| "{}".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weeks(active: &[i64]) -> Vec<KpiWeek> {
        let sunday: chrono::NaiveDate = "2026-10-04".parse().unwrap();
        active
            .iter()
            .enumerate()
            .map(|(i, &a)| KpiWeek {
                last_day: sunday + chrono::Days::new(7 * i as u64),
                active_7: a,
                lessons_completed: a * 2,
                at_risk: a / 10,
                backlog: 5 + i as i64,
            })
            .collect()
    }

    #[test]
    fn the_summary_tells_the_trend_in_each_language() {
        let rising = weeks(&[120, 130, 154]);
        assert_eq!(activity_summary(Locale::en, &rising), "Active learners rose from 120 to 154 over 3 weeks.");
        assert!(activity_summary(Locale::sw, &rising).contains("kutoka 120 hadi 154"));
        let peaked = weeks(&[12, 122, 158, 155, 148, 122, 98, 69]);
        assert_eq!(
            activity_summary(Locale::en, &peaked),
            "Active learners peaked at 158 in the week of Oct 12, 2026 and were 69 in the latest week."
        );
        assert!(activity_summary(Locale::fr, &peaked).contains("12 oct. 2026"));
        assert_eq!(activity_summary(Locale::en, &weeks(&[0, 0])), "No learning activity was recorded in these weeks.");
        assert_eq!(
            attention_summary(Locale::en, &rising),
            "Learners at risk rose from 12 to 15 over 3 weeks. Work waiting for a grade went from 5 to 7."
        );
        assert_eq!(attention_summary(Locale::en, &[]), "No weeks to show.");
    }

    #[test]
    fn a_trainers_weeks_are_summed_and_their_trend_told() {
        let monday: chrono::NaiveDate = "2026-10-05".parse().unwrap();
        let weeks: Vec<TrainerWeek> = [2, 0, 3, 6]
            .iter()
            .enumerate()
            .map(|(i, &g)| TrainerWeek { starts_on: monday + chrono::Days::new(7 * i as u64), graded: g, median_hours: Some(30.04) })
            .collect();
        let s = trainer_weeks_summary(Locale::en, &weeks);
        assert!(s.starts_with("Graded 11 pieces of work in 4 weeks."), "{s}");
        assert!(s.contains("from 2 to 6"), "{s}");
        let idle: Vec<TrainerWeek> = weeks.iter().map(|w| TrainerWeek { graded: 0, median_hours: None, ..w.clone() }).collect();
        assert_eq!(trainer_weeks_summary(Locale::en, &idle), "Nothing graded in these 4 weeks.");
        let json = trainer_weeks(Locale::en, &weeks);
        assert!(json.contains("\"yAxisIndex\":1") && json.contains("30.0"), "{json}");
    }

    #[test]
    fn the_chart_is_labelled_in_the_readers_language() {
        let json = kpi_activity(Locale::fr, &weeks(&[1, 2]));
        assert!(json.contains("Leçons terminées") && json.contains("Apprenants actifs"), "{json}");
        assert!(json.contains("28/9"), "{json}");
        let json = kpi_attention(Locale::sw, &weeks(&[1, 2]));
        assert!(json.contains("\"data\":[5,6]"), "{json}");
    }
}
