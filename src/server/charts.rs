//! Chart options built with charming on the server and handed to ECharts on the page as JSON,
//! which keeps charming out of the wasm every hydrating page downloads.

use crate::model::WeeklyActivity;
use charming::Chart;
use charming::component::{Axis, Grid, Legend};
use charming::element::{AxisType, Tooltip, Trigger};
use charming::series::{Bar, Line};

pub fn weekly_activity(weeks: &[WeeklyActivity]) -> String {
    let labels: Vec<String> = weeks.iter().map(|w| w.week_start[5..].to_owned()).collect();
    let chart = Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top("0"))
        .grid(Grid::new().left("40").right("16").bottom("24").top("36"))
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(Bar::new().name("Lessons completed").data(weeks.iter().map(|w| w.lessons_completed).collect::<Vec<_>>()))
        .series(Line::new().name("Active learners").data(weeks.iter().map(|w| w.active_learners).collect::<Vec<_>>()));
    serde_json::to_string(&chart).unwrap_or_else(|_| "{}".to_owned())
}
