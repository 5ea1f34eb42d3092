//! The HTML shell (in the request's language), the App, and the route table grouped by area.

use crate::domain::language::Language;
use crate::pages;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = use_context::<Language>().unwrap_or(Language::En).code();
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#1f5130"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <HashedStylesheet options=options id="leptos"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Every page waits for its data before the first byte goes out, so a redirect or an error
    // status can still be set, and a slow phone gets one complete document instead of a stream.
    view! {
        <Router>
            <Routes fallback=pages::not_found::NotFound>
                <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async/>
                <Route path=path!("/signin") view=pages::auth::signin::SignInPage ssr=SsrMode::Async/>
                <Route path=path!("/signup") view=pages::auth::signup::SignUpPage ssr=SsrMode::Async/>
                <Route path=path!("/reset") view=pages::auth::reset::ResetRequestPage ssr=SsrMode::Async/>
                <Route path=path!("/reset/new") view=pages::auth::reset::ResetPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/verify") view=pages::auth::verify::VerifyPage ssr=SsrMode::Async/>
                <Route path=path!("/verify/resend") view=pages::auth::verify::ResendPage ssr=SsrMode::Async/>
                <Route path=path!("/pin") view=pages::auth::pin::PinCodePage ssr=SsrMode::Async/>
                <Route path=path!("/pin/:code") view=pages::auth::pin::PinSignInPage ssr=SsrMode::Async/>
                <Route path=path!("/learn") view=pages::learner::dashboard::LearnerDashboardPage ssr=SsrMode::Async/>
                <Route path=path!("/learn/paths") view=pages::learner::paths::PathsPage ssr=SsrMode::Async/>
                <Route path=path!("/learn/paths/:id") view=pages::learner::path::PathPage ssr=SsrMode::Async/>
                <Route path=path!("/learn/lessons/:id") view=pages::learner::lesson::LessonPage ssr=SsrMode::Async/>
                <Route path=path!("/learn/assessments/:id") view=pages::learner::assessment::AssessmentPage ssr=SsrMode::Async/>
                <Route path=path!("/learn/assessments/:id/result/:submission") view=pages::learner::result::ResultPage ssr=SsrMode::Async/>
                <Route path=path!("/learn/progress") view=pages::learner::progress::ProgressPage ssr=SsrMode::Async/>
                <Route path=path!("/learn/achievements") view=pages::learner::achievements::AchievementsPage ssr=SsrMode::Async/>
                <Route path=path!("/learn/inbox") view=pages::learner::inbox::InboxPage ssr=SsrMode::Async/>
                <Route path=path!("/learn/saved") view=pages::learner::saved::SavedPage ssr=SsrMode::Async/>
                <Route path=path!("/learn/profile") view=pages::learner::profile::ProfilePage ssr=SsrMode::Async/>
                <Route path=path!("/train") view=pages::trainer::console::TrainerConsolePage ssr=SsrMode::Async/>
                <Route path=path!("/train/queue") view=pages::trainer::queue::QueuePage ssr=SsrMode::Async/>
                <Route path=path!("/train/at-risk") view=pages::trainer::at_risk::AtRiskPage ssr=SsrMode::Async/>
                <Route path=path!("/train/performance") view=pages::trainer::performance::PerformancePage ssr=SsrMode::Async/>
                <Route path=path!("/train/learners/:id") view=pages::trainer::learner::LearnerFollowUpPage ssr=SsrMode::Async/>
                <Route path=path!("/train/submissions/:id") view=pages::trainer::grading::GradingPage ssr=SsrMode::Async/>
                <Route path=path!("/train/cohorts/new") view=pages::trainer::cohort_form::NewCohortPage ssr=SsrMode::Async/>
                <Route path=path!("/train/cohorts/:id") view=pages::trainer::cohort::CohortDetailPage ssr=SsrMode::Async/>
                <Route path=path!("/train/cohorts/:id/edit") view=pages::trainer::cohort_form::EditCohortPage ssr=SsrMode::Async/>
                <Route path=path!("/train/cohorts/:id/pins") view=pages::trainer::pins::PinsPage ssr=SsrMode::Async/>
                <Route path=path!("/ops") view=pages::ops::overview::OpsOverviewPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/clients") view=pages::ops::clients::ClientsPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/clients/new") view=pages::ops::client_form::NewClientPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/clients/:id") view=pages::ops::client::ClientPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/clients/:id/edit") view=pages::ops::client_form::EditClientPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/trainers") view=pages::ops::trainers::TrainersPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/trainers/:id") view=pages::ops::trainer::TrainerPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/redistribute") view=pages::ops::redistribute::RedistributePage ssr=SsrMode::Async/>
                <Route path=path!("/ops/risks") view=pages::ops::risks::RisksPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/risks/new") view=pages::ops::risk_form::NewRiskPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/risks/:id") view=pages::ops::risk::RiskPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/quality") view=pages::ops::quality::QualityPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/reports") view=pages::ops::reports::ReportsPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/recommendations") view=pages::ops::recommendations::RecommendationsPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/audit") view=pages::ops::audit::AuditPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/health") view=pages::ops::health::HealthPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/accounts") view=pages::ops::accounts::AccountsPage ssr=SsrMode::Async/>
                <Route path=path!("/account") view=pages::account::AccountPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
