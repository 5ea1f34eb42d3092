//! An ECharts chart: the option JSON (built on the server) rides in a data attribute, and
//! public/charts.js draws it. Scripts come from our own server, never a CDN.

use leptos::nonce::use_nonce;
use leptos::prelude::*;

/// The ECharts "common" build (bar, line, pie, scatter and the usual components) shipped in public/vendor; the version is in the name so it can be cached for good.
pub const ECHARTS_PATH: &str = "/vendor/echarts-common-6.1.0.min.js";

#[component]
pub fn Chart(
    /// Accessible description of what the chart shows; the same figures are in a table beside it.
    label: String,
    option_json: String,
) -> impl IntoView {
    let nonce = use_nonce().map(|n| n.to_string());
    view! {
        <div class="chart" role="img" aria-label=label data-echarts=option_json></div>
        <script src=ECHARTS_PATH defer=true nonce=nonce.clone()></script>
        <script src="/charts.js" defer=true nonce=nonce></script>
    }
}
