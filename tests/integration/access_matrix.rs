//! The authorisation matrix: every registered page, server function and file route, called as
//! each of six people (a visitor, a learner, another learner, a trainer, another trainer,
//! operations), with the answer each must get in one table below. The route lists are read from
//! what the app registers, so a new route without a row fails here. Refusals must carry none of
//! the data they guard. All mismatches are collected and printed together.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;
use std::collections::BTreeSet;

/// What a caller must get.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Want {
    /// 200.
    Page,
    /// A form post's answer: 2xx or a redirect that is not to sign-in.
    Done,
    /// A page for visitors only: signed-in people are sent to their home area (or it is shown).
    PageOrHome,
    /// Sent to sign in (a page, for a visitor).
    SignIn,
    /// 401 (a server function or file, for a visitor).
    Unauth,
    /// 403.
    Forbid,
    /// 404: someone else's record is simply not there.
    Missing,
    /// 422: allowed to ask, and told in words what is wrong with the request.
    Refused,
}
use Want::*;

/// The callers, in the order of each row's expectations.
const CALLERS: [&str; 6] = ["visitor", "learner", "other learner", "trainer", "other trainer", "operations"];
const OTHER_LEARNER: &str = "learner000002@ruralrise.test";
const OTHER_TRAINER: &str = "trainer02@ruralrise.test";

/// Method, route as registered, the path to call (placeholders filled per call), the form body,
/// and what each caller gets. `{cohort}` is the trainer's cohort, `{member}` a learner in it,
/// `{learner}` the learner's id, `{path}` the learner's path and `{lesson}` its first text lesson
/// (both learners are in it), `{assessment}`/`{submission}` one of the learner's submissions, `{open_path}` a path anyone may join, `{code}` the cohort's current sign-in code, `{n}` the caller's
/// number (so one account's attempt counter is not spent by all six).
type Row = (&'static str, &'static str, &'static str, &'static [(&'static str, &'static str)], [Want; 6]);

const VISITOR_PAGE: [Want; 6] = [Page, PageOrHome, PageOrHome, PageOrHome, PageOrHome, PageOrHome];
const ANYONE_FORM: [Want; 6] = [Done, Done, Done, Done, Done, Done];
const SIGNED_IN_FORM: [Want; 6] = [Unauth, Done, Done, Done, Done, Done];
const SIGNED_IN_PAGE: [Want; 6] = [SignIn, Page, Page, Page, Page, Page];
const LEARNER_PAGE: [Want; 6] = [SignIn, Page, Page, Forbid, Forbid, Forbid];
const LEARNER_FN: [Want; 6] = [Unauth, Done, Done, Forbid, Forbid, Forbid];
const TRAINER_PAGE: [Want; 6] = [SignIn, Forbid, Forbid, Page, Page, Forbid];
/// Only the trainer who runs `{cohort}`.
const COHORT_PAGE: [Want; 6] = [SignIn, Forbid, Forbid, Page, Forbid, Forbid];
const COHORT_FN: [Want; 6] = [Unauth, Forbid, Forbid, Done, Forbid, Forbid];
const OPS_PAGE: [Want; 6] = [SignIn, Forbid, Forbid, Forbid, Forbid, Page];
const OPS_FN: [Want; 6] = [Unauth, Forbid, Forbid, Forbid, Forbid, Done];
const OPS_FILE: [Want; 6] = [Unauth, Forbid, Forbid, Forbid, Forbid, Page];

const MATRIX: &[Row] = &[
    // Pages.
    ("GET", "/", "/", &[], [Page, PageOrHome, PageOrHome, PageOrHome, PageOrHome, PageOrHome]),
    ("GET", "/signin", "/signin", &[], VISITOR_PAGE),
    ("GET", "/signup", "/signup", &[], VISITOR_PAGE),
    ("GET", "/reset", "/reset", &[], VISITOR_PAGE),
    ("GET", "/reset/new", "/reset/new?token=made-up", &[], VISITOR_PAGE),
    ("GET", "/verify", "/verify?token=made-up", &[], VISITOR_PAGE),
    ("GET", "/verify/resend", "/verify/resend", &[], VISITOR_PAGE),
    ("GET", "/pin", "/pin", &[], VISITOR_PAGE),
    ("GET", "/pin/{code}", "/pin/{code}", &[], VISITOR_PAGE),
    ("GET", "/learn", "/learn", &[], LEARNER_PAGE),
    ("GET", "/learn/paths", "/learn/paths", &[], LEARNER_PAGE),
    ("GET", "/learn/paths/{id}", "/learn/paths/{path}", &[], LEARNER_PAGE),
    ("GET", "/learn/lessons/{id}", "/learn/lessons/{lesson}", &[], LEARNER_PAGE),
    ("GET", "/learn/assessments/{id}", "/learn/assessments/{assessment}", &[], LEARNER_PAGE),
    ("GET", "/learn/progress", "/learn/progress", &[], LEARNER_PAGE),
    ("GET", "/learn/inbox", "/learn/inbox", &[], LEARNER_PAGE),
    (
        "GET",
        "/learn/assessments/{id}/result/{submission}",
        "/learn/assessments/{assessment}/result/{submission}",
        &[],
        [SignIn, Page, Missing, Forbid, Forbid, Forbid],
    ),
    ("GET", "/learn/achievements", "/learn/achievements", &[], LEARNER_PAGE),
    ("GET", "/learn/saved", "/learn/saved", &[], LEARNER_PAGE),
    ("GET", "/learn/profile", "/learn/profile", &[], LEARNER_PAGE),
    ("GET", "/train", "/train", &[], TRAINER_PAGE),
    ("GET", "/train/queue", "/train/queue?cohort={cohort}&sort=uncertain&flagged=1", &[], COHORT_PAGE),
    ("GET", "/train/submissions/{id}", "/train/submissions/{pending}?sort=uncertain", &[], COHORT_PAGE),
    ("GET", "/train/cohorts/new", "/train/cohorts/new", &[], TRAINER_PAGE),
    ("GET", "/train/cohorts/{id}", "/train/cohorts/{cohort}?q=lea&sort=progress_low", &[], COHORT_PAGE),
    ("GET", "/train/cohorts/{id}/edit", "/train/cohorts/{cohort}/edit", &[], COHORT_PAGE),
    ("GET", "/train/cohorts/{id}/pins", "/train/cohorts/{cohort}/pins", &[], COHORT_PAGE),
    ("GET", "/train/at-risk", "/train/at-risk?cohort={cohort}", &[], COHORT_PAGE),
    ("GET", "/train/performance", "/train/performance", &[], TRAINER_PAGE),
    ("GET", "/train/learners/{id}", "/train/learners/{member}", &[], COHORT_PAGE),
    ("GET", "/ops", "/ops", &[], OPS_PAGE),
    ("GET", "/ops/trainers", "/ops/trainers", &[], OPS_PAGE),
    ("GET", "/ops/trainers/{id}", "/ops/trainers/2", &[], OPS_PAGE),
    ("GET", "/ops/redistribute", "/ops/redistribute", &[], OPS_PAGE),
    ("GET", "/ops/risks", "/ops/risks", &[], OPS_PAGE),
    ("GET", "/ops/risks/new", "/ops/risks/new?cohort={cohort}", &[], OPS_PAGE),
    ("GET", "/ops/risks/{id}", "/ops/risks/1", &[], OPS_PAGE),
    ("GET", "/ops/quality", "/ops/quality?client=1", &[], OPS_PAGE),
    ("GET", "/ops/reports", "/ops/reports?report=learners", &[], OPS_PAGE),
    ("GET", "/ops/recommendations", "/ops/recommendations", &[], OPS_PAGE),
    ("GET", "/ops/clients", "/ops/clients", &[], OPS_PAGE),
    ("GET", "/ops/clients/new", "/ops/clients/new", &[], OPS_PAGE),
    ("GET", "/ops/clients/{id}", "/ops/clients/1", &[], OPS_PAGE),
    ("GET", "/ops/clients/{id}/edit", "/ops/clients/1/edit", &[], OPS_PAGE),
    ("GET", "/ops/audit", "/ops/audit", &[], OPS_PAGE),
    ("GET", "/ops/health", "/ops/health", &[], OPS_PAGE),
    ("GET", "/ops/accounts", "/ops/accounts?email=learner%40ruralrise.test", &[], OPS_PAGE),
    ("GET", "/account", "/account", &[], SIGNED_IN_PAGE),
    // Files.
    ("GET", "/ops/audit.csv", "/ops/audit.csv", &[], OPS_FILE),
    ("GET", "/ops/clients/{id}/learners.csv", "/ops/clients/1/learners.csv", &[], OPS_FILE),
    ("GET", "/ops/reports/learners.csv", "/ops/reports/learners.csv?client=1", &[], OPS_FILE),
    ("GET", "/ops/reports/cohorts.csv", "/ops/reports/cohorts.csv", &[], OPS_FILE),
    ("GET", "/ops/reports/grading.csv", "/ops/reports/grading.csv", &[], OPS_FILE),
    ("GET", "/ops/reports/risks.csv", "/ops/reports/risks.csv", &[], OPS_FILE),
    ("POST", "/account/data.zip", "/account/data.zip", &[], [Unauth, Page, Page, Page, Page, Page]),
    ("POST", "/ops/accounts/{id}/data.zip", "/ops/accounts/{learner}/data.zip", &[], OPS_FILE),
    // A video of the learners' own path: anyone signed in who may see that lesson.
    ("GET", "/media/{*key}", "/media/demo/charge-controller-lights.mp4", &[], [Unauth, Page, Page, Page, Page, Page]),
    // Server functions: accounts.
    ("POST", "/api/account/me", "/api/account/me", &[], ANYONE_FORM),
    ("POST", "/api/account/flash", "/api/account/flash", &[("form", "sign_in")], ANYONE_FORM),
    (
        "POST",
        "/api/account/sign_in",
        "/api/account/sign_in",
        &[("email", "nobody{n}@ruralrise.test"), ("password", "not a password")],
        ANYONE_FORM,
    ),
    ("POST", "/api/account/sign_out", "/api/account/sign_out", &[], ANYONE_FORM),
    ("POST", "/api/account/sign_up", "/api/account/sign_up", &[("name", ""), ("email", ""), ("password", "")], ANYONE_FORM),
    ("POST", "/api/account/set_language", "/api/account/set_language", &[("language", "en"), ("return_to", "/")], ANYONE_FORM),
    ("POST", "/api/account/request_reset", "/api/account/request_reset", &[("email", "nobody{n}@ruralrise.test")], ANYONE_FORM),
    ("POST", "/api/account/link_works", "/api/account/link_works", &[("purpose", "reset_password"), ("token", "made-up")], ANYONE_FORM),
    (
        "POST",
        "/api/account/reset_password",
        "/api/account/reset_password",
        &[("token", "made-up"), ("password", "a long enough one")],
        ANYONE_FORM,
    ),
    ("POST", "/api/account/verify_email", "/api/account/verify_email", &[("token", "made-up")], ANYONE_FORM),
    ("POST", "/api/account/resend_verification", "/api/account/resend_verification", &[("email", "nobody{n}@ruralrise.test")], ANYONE_FORM),
    ("POST", "/api/account/pin_code", "/api/account/pin_code", &[("code", "{code}")], ANYONE_FORM),
    ("POST", "/api/account/pin_cohort", "/api/account/pin_cohort", &[("code", "{code}")], ANYONE_FORM),
    ("POST", "/api/account/pin_sign_in", "/api/account/pin_sign_in", &[("code", "{code}"), ("pin", "1357")], ANYONE_FORM),
    ("POST", "/api/account/overview", "/api/account/overview", &[], SIGNED_IN_FORM),
    ("POST", "/api/account/end_session", "/api/account/end_session", &[("key", "not-one-of-mine")], SIGNED_IN_FORM),
    ("POST", "/api/account/end_other_sessions", "/api/account/end_other_sessions", &[], SIGNED_IN_FORM),
    (
        "POST",
        "/api/account/change_password",
        "/api/account/change_password",
        &[("current_password", "not it"), ("password", "long enough new one")],
        SIGNED_IN_FORM,
    ),
    // Without the confirmation box: refused with a message, for the roles that may ask at all.
    ("POST", "/api/account/delete_account", "/api/account/delete_account", &[], SIGNED_IN_FORM),
    // Learners.
    ("POST", "/api/learner/dashboard", "/api/learner/dashboard", &[], LEARNER_FN),
    ("POST", "/api/learner/paths", "/api/learner/paths", &[], LEARNER_FN),
    ("POST", "/api/learner/achievements", "/api/learner/achievements", &[], LEARNER_FN),
    ("POST", "/api/learner/profile", "/api/learner/profile", &[], LEARNER_FN),
    ("POST", "/api/learner/inbox", "/api/learner/inbox", &[], LEARNER_FN),
    ("POST", "/api/learner/saved", "/api/learner/saved", &[], LEARNER_FN),
    // A saved quiz's keys: `{lesson}` is a text lesson, so a learner finds nothing; the rest are
    // turned away before that is looked up.
    (
        "POST",
        "/api/learner/quiz_keys",
        "/api/learner/quiz_keys",
        &[("lesson", "{lesson}")],
        [Unauth, Missing, Missing, Forbid, Forbid, Forbid],
    ),
    ("POST", "/api/learner/mark_inbox_read", "/api/learner/mark_inbox_read", &[], LEARNER_FN),
    // Without a name: refused with a message (and nothing saved), for those who may ask at all.
    (
        "POST",
        "/api/learner/save_profile",
        "/api/learner/save_profile",
        &[("name", ""), ("weekly_goal", "120"), ("time_zone", "UTC"), ("language", "")],
        LEARNER_FN,
    ),
    ("POST", "/api/learner/path", "/api/learner/path", &[("path", "{path}")], LEARNER_FN),
    ("POST", "/api/learner/enrol", "/api/learner/enrol", &[("path", "{open_path}")], LEARNER_FN),
    ("POST", "/api/learner/lesson", "/api/learner/lesson", &[("lesson", "{lesson}")], LEARNER_FN),
    (
        "POST",
        "/api/learner/save_progress",
        "/api/learner/save_progress",
        &[("lesson", "{lesson}"), ("percent", "10"), ("position", "0"), ("seconds", "5")],
        LEARNER_FN,
    ),
    ("POST", "/api/learner/assessment", "/api/learner/assessment", &[("assessment", "{assessment}")], LEARNER_FN),
    ("POST", "/api/learner/progress", "/api/learner/progress", &[], LEARNER_FN),
    ("POST", "/api/learner/dismiss_insight", "/api/learner/dismiss_insight", &[("key", "pace:10")], LEARNER_FN),
    (
        "POST",
        "/api/learner/result",
        "/api/learner/result",
        &[("assessment", "{assessment}"), ("submission", "{submission}")],
        [Unauth, Done, Missing, Forbid, Forbid, Forbid],
    ),
    // An out-of-date form key: refused with a message (and nothing stored), for those who may ask.
    (
        "POST",
        "/api/learner/submit_assessment",
        "/api/learner/submit_assessment",
        &[("assessment", "{assessment}"), ("key", "not-a-key")],
        [Unauth, Refused, Refused, Forbid, Forbid, Forbid],
    ),
    ("POST", "/api/learner/complete_lesson", "/api/learner/complete_lesson", &[("lesson", "{lesson}"), ("opened_at", "0")], LEARNER_FN),
    // A text lesson has no scenario: refused (422, as JSON asks), for those who may ask at all.
    (
        "POST",
        "/api/learner/answer_step",
        "/api/learner/answer_step",
        &[("lesson", "{lesson}"), ("step", "0"), ("choice", "0"), ("opened_at", "0")],
        [Unauth, Refused, Refused, Forbid, Forbid, Forbid],
    ),
    // Offline sync (a JSON body, given as the one field `json`): an empty chunk from the learner.
    ("POST", "/api/sync/v1", "/api/sync/v1", &[("json", r#"{"version": 1, "actions": []}"#)], LEARNER_FN),
    // Trainers: the console for one's own cohort, and the cohort's PINs.
    ("POST", "/api/trainer/console", "/api/trainer/console", &[("cohort", "{cohort}")], COHORT_FN),
    ("POST", "/api/trainer/pins", "/api/trainer/pins", &[("cohort", "{cohort}")], COHORT_FN),
    ("POST", "/api/trainer/new_sign_in_code", "/api/trainer/new_sign_in_code", &[("cohort", "{cohort}")], COHORT_FN),
    (
        "POST",
        "/api/trainer/set_pin",
        "/api/trainer/set_pin",
        &[("cohort", "{cohort}"), ("learner", "{member}"), ("pin", "4829"), ("picture", "sun")],
        COHORT_FN,
    ),
    ("POST", "/api/trainer/remove_pin", "/api/trainer/remove_pin", &[("cohort", "{cohort}"), ("learner", "{member}")], COHORT_FN),
    // An existing cohort's form: only its own trainer (a new one's is the /train/cohorts/new row).
    ("POST", "/api/trainer/cohort_editor", "/api/trainer/cohort_editor", &[("cohort", "{cohort}")], COHORT_FN),
    // Empty forms: a trainer is sent back to the form with the problems; nothing is stored.
    (
        "POST",
        "/api/trainer/create_cohort",
        "/api/trainer/create_cohort",
        &[("name", ""), ("client", ""), ("path", ""), ("starts_on", ""), ("ends_on", ""), ("status", "")],
        [Unauth, Forbid, Forbid, Done, Done, Forbid],
    ),
    (
        "POST",
        "/api/trainer/update_cohort",
        "/api/trainer/update_cohort",
        &[("cohort", "{cohort}"), ("name", ""), ("client", ""), ("path", ""), ("starts_on", ""), ("ends_on", ""), ("status", "")],
        COHORT_FN,
    ),
    ("POST", "/api/trainer/queue", "/api/trainer/queue", &[("cohort", "{cohort}")], COHORT_FN),
    ("POST", "/api/trainer/grading", "/api/trainer/grading", &[("submission", "{pending}")], COHORT_FN),
    // From a page older than any save (version 0): refused with a message, nothing changed.
    (
        "POST",
        "/api/trainer/grade_submission",
        "/api/trainer/grade_submission",
        &[("submission", "{pending}"), ("version", "0"), ("mode", "grade"), ("levels[p3-c0]", "1")],
        COHORT_FN,
    ),
    // A comment that is nobody's: not found, nothing changed.
    (
        "POST",
        "/api/trainer/forget_comment",
        "/api/trainer/forget_comment",
        &[("comment", "999999999"), ("submission", "{pending}")],
        [Unauth, Forbid, Forbid, Missing, Forbid, Forbid],
    ),
    // No reason: refused with a message, nothing changed.
    ("POST", "/api/trainer/flag_submission", "/api/trainer/flag_submission", &[("submission", "{pending}"), ("reason", "")], COHORT_FN),
    ("POST", "/api/trainer/cohort", "/api/trainer/cohort", &[("cohort", "{cohort}"), ("query", "lea")], COHORT_FN),
    // Already a member, and not a member: both refused with a message, nothing changed.
    ("POST", "/api/trainer/add_member", "/api/trainer/add_member", &[("cohort", "{cohort}"), ("learner", "{member}")], COHORT_FN),
    ("POST", "/api/trainer/remove_member", "/api/trainer/remove_member", &[("cohort", "{cohort}"), ("learner", "0")], COHORT_FN),
    ("POST", "/api/trainer/at_risk", "/api/trainer/at_risk", &[("cohort", "{cohort}")], COHORT_FN),
    ("POST", "/api/trainer/performance", "/api/trainer/performance", &[], [Unauth, Forbid, Forbid, Done, Done, Forbid]),
    ("POST", "/api/trainer/learner", "/api/trainer/learner", &[("learner", "{member}")], COHORT_FN),
    // Refused forms (nothing to mark, empty text): the trainer is sent back with the problem.
    ("POST", "/api/trainer/dismiss_risk", "/api/trainer/dismiss_risk", &[("learner", "{member}"), ("cohort", "{cohort}")], COHORT_FN),
    (
        "POST",
        "/api/trainer/record_intervention",
        "/api/trainer/record_intervention",
        &[("learner", "{member}"), ("kind", "call"), ("note", ""), ("due_on", "")],
        COHORT_FN,
    ),
    (
        "POST",
        "/api/trainer/complete_intervention",
        "/api/trainer/complete_intervention",
        &[("learner", "{member}"), ("intervention", "0"), ("outcome", "")],
        COHORT_FN,
    ),
    ("POST", "/api/trainer/send_message", "/api/trainer/send_message", &[("learner", "{member}"), ("body", "")], COHORT_FN),
    (
        "POST",
        "/api/trainer/send_group_message",
        "/api/trainer/send_group_message",
        &[("cohort", "{cohort}"), ("group", "at_risk"), ("body", "")],
        COHORT_FN,
    ),
    // Operations.
    ("POST", "/api/ops/overview", "/api/ops/overview", &[("query[client]", "")], OPS_FN),
    ("POST", "/api/ops/quality", "/api/ops/quality", &[("query[client]", "")], OPS_FN),
    ("POST", "/api/ops/reports", "/api/ops/reports", &[("query[client]", "")], OPS_FN),
    ("POST", "/api/ops/recommendations", "/api/ops/recommendations", &[], OPS_FN),
    ("POST", "/api/ops/trainers", "/api/ops/trainers", &[("page", "1")], OPS_FN),
    ("POST", "/api/ops/trainer", "/api/ops/trainer", &[("trainer", "2")], OPS_FN),
    // Each is refused with a message and changes nothing: an empty capacity, a trainer who still
    // has cohorts, no trainer chosen.
    ("POST", "/api/ops/set_trainer_capacity", "/api/ops/set_trainer_capacity", &[("trainer", "2"), ("capacity", "")], OPS_FN),
    ("POST", "/api/ops/set_trainer_active", "/api/ops/set_trainer_active", &[("trainer", "2"), ("enabled", "false")], OPS_FN),
    // No box ticked: the trainer's running cohorts still need their approvals, so nothing changes.
    ("POST", "/api/ops/set_trainer_approvals", "/api/ops/set_trainer_approvals", &[("trainer", "2")], OPS_FN),
    ("POST", "/api/ops/redistribution", "/api/ops/redistribution", &[], OPS_FN),
    // A fingerprint no preview made: refused as stale, nothing moves.
    ("POST", "/api/ops/apply_redistribution", "/api/ops/apply_redistribution", &[("fingerprint", "x"), ("moves", "")], OPS_FN),
    ("POST", "/api/ops/reassign_cohort", "/api/ops/reassign_cohort", &[("cohort", "{cohort}"), ("trainer", "")], OPS_FN),
    ("POST", "/api/ops/clients", "/api/ops/clients", &[], OPS_FN),
    ("POST", "/api/ops/risks", "/api/ops/risks", &[], OPS_FN),
    ("POST", "/api/ops/risk", "/api/ops/risk", &[("ticket", "1")], OPS_FN),
    ("POST", "/api/ops/risk_editor", "/api/ops/risk_editor", &[("cohort", "{cohort}")], OPS_FN),
    // Each is refused with a message and changes nothing: no title, action or owner; open
    // straight to resolved; no owner chosen.
    ("POST", "/api/ops/open_risk", "/api/ops/open_risk", &[("title", ""), ("kind", "compliance"), ("severity", "low")], OPS_FN),
    ("POST", "/api/ops/move_risk", "/api/ops/move_risk", &[("ticket", "1"), ("to", "resolved"), ("note", "")], OPS_FN),
    ("POST", "/api/ops/assign_risk", "/api/ops/assign_risk", &[("ticket", "1"), ("owner", "")], OPS_FN),
    ("POST", "/api/ops/client", "/api/ops/client", &[("client", "1")], OPS_FN),
    ("POST", "/api/ops/client_editor", "/api/ops/client_editor", &[("client", "1")], OPS_FN),
    (
        "POST",
        "/api/ops/save_client",
        "/api/ops/save_client",
        &[
            ("client", "1"),
            ("name", ""),
            ("sector", ""),
            ("region", ""),
            ("contact_name", ""),
            ("email", ""),
            ("phone", ""),
            ("starts_on", ""),
            ("ends_on", ""),
            ("target", ""),
            ("note", ""),
            ("status", "active"),
        ],
        OPS_FN,
    ),
    ("POST", "/api/ops/audit", "/api/ops/audit", &[("query[action]", "sign_in")], OPS_FN),
    ("POST", "/api/ops/health", "/api/ops/health", &[], OPS_FN),
    ("POST", "/api/ops/find_account", "/api/ops/find_account", &[("email", "learner@ruralrise.test")], OPS_FN),
    ("POST", "/api/ops/set_account_status", "/api/ops/set_account_status", &[("user_id", "-1"), ("enabled", "true")], OPS_FN),
    ("POST", "/api/ops/anonymise_account", "/api/ops/anonymise_account", &[("user_id", "{learner}")], OPS_FN),
    ("POST", "/api/ops/create_trainer", "/api/ops/create_trainer", &[("name", ""), ("email", ""), ("password", "")], OPS_FN),
];

/// Everything the app registers: pages (GET), server functions and file routes.
fn registered() -> BTreeSet<(String, String)> {
    let mut all = BTreeSet::new();
    for listing in leptos_axum::generate_route_list(ruralrise::app::App) {
        all.insert(("GET".to_owned(), listing.path().to_owned()));
    }
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        all.insert((method.to_string(), path.to_owned()));
    }
    for (path, method, _) in ruralrise::server::router::file_routes() {
        all.insert((method.to_string(), path.to_owned()));
    }
    all
}

#[test]
fn every_registered_route_has_a_row_and_every_row_a_route() {
    let rows: BTreeSet<(String, String)> = MATRIX.iter().map(|(m, r, ..)| (m.to_string(), r.to_string())).collect();
    let registered = registered();
    let missing: Vec<_> = registered.difference(&rows).collect();
    assert!(missing.is_empty(), "routes without a row in tests/integration/access_matrix.rs: {missing:?}");
    let stale: Vec<_> = rows.difference(&registered).collect();
    assert!(stale.is_empty(), "rows for routes that are not registered: {stale:?}");
    assert_eq!(rows.len(), MATRIX.len(), "one row per route");
}

struct World {
    cohort: i64,
    member: i64,
    learner: i64,
    path: i64,
    lesson: i64,
    open_path: i64,
    /// One of the learner's submissions, and its assessment.
    assessment: i64,
    submission: i64,
    /// Work waiting in the trainer's grading queue.
    pending: i64,
    /// Text only the owner of the data (or operations) may see, with who owns it.
    secrets: Vec<(String, &'static str)>,
}

async fn world(pool: &PgPool) -> World {
    let (cohort, member, cohort_name): (i64, i64, String) = sqlx::query_as(
        "select c.cohort_id, min(m.learner_id), c.name from cohort c join app_user t on t.user_id = c.trainer_id
           join cohort_member m using (cohort_id)
          where t.email = $1 group by c.cohort_id order by c.cohort_id limit 1",
    )
    .bind(TRAINER)
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query("update cohort set sign_in_code = 'ACDEFGHJ' where cohort_id = $1").bind(cohort).execute(pool).await.unwrap();
    let (learner, learner_name): (i64, String) =
        sqlx::query_as("select user_id, display_name from app_user join profile using (user_id) where email = $1")
            .bind(LEARNER)
            .fetch_one(pool)
            .await
            .unwrap();
    let other_name: String = sqlx::query_scalar("select display_name from app_user join profile using (user_id) where email = $1")
        .bind(OTHER_LEARNER)
        .fetch_one(pool)
        .await
        .unwrap();
    let secrets = vec![
        (LEARNER.to_owned(), "learner"),
        (learner_name, "learner"),
        (OTHER_LEARNER.to_owned(), "other learner"),
        (other_name, "other learner"),
        (cohort_name, "trainer"),
    ];
    let (path, lesson): (i64, i64) = sqlx::query_as(
        "select m.learning_path_id, l.lesson_id from enrolment e join module m using (learning_path_id) join lesson l using (module_id)
          where e.learner_id = $1 and l.kind = 'text' order by m.position, l.position limit 1",
    )
    .bind(learner)
    .fetch_one(pool)
    .await
    .unwrap();
    let open_path: i64 = sqlx::query_scalar("select learning_path_id from learning_path where open_enrolment order by 1 limit 1")
        .fetch_one(pool)
        .await
        .unwrap();
    let (assessment, submission): (i64, i64) =
        sqlx::query_as("select assessment_id, submission_id from submission where learner_id = $1 order by submission_id limit 1")
            .bind(learner)
            .fetch_one(pool)
            .await
            .unwrap();
    let pending: i64 = sqlx::query_scalar(
        "select s.submission_id from submission s join cohort c using (cohort_id) join app_user t on t.user_id = c.trainer_id
          where t.email = $1 and s.status = 'pending' order by 1 limit 1",
    )
    .bind(TRAINER)
    .fetch_one(pool)
    .await
    .unwrap();
    World { cohort, member, learner, path, lesson, open_path, assessment, submission, pending, secrets }
}

async fn fill(pool: &PgPool, w: &World, caller: usize, text: &str) -> String {
    let mut out = text
        .replace("{n}", &caller.to_string())
        .replace("{cohort}", &w.cohort.to_string())
        .replace("{member}", &w.member.to_string())
        .replace("{learner}", &w.learner.to_string())
        .replace("{open_path}", &w.open_path.to_string())
        .replace("{path}", &w.path.to_string())
        .replace("{lesson}", &w.lesson.to_string())
        .replace("{assessment}", &w.assessment.to_string())
        .replace("{submission}", &w.submission.to_string())
        .replace("{pending}", &w.pending.to_string());
    if out.contains("{code}") {
        let code: Option<String> =
            sqlx::query_scalar("select sign_in_code from cohort where cohort_id = $1").bind(w.cohort).fetch_one(pool).await.unwrap();
        out = out.replace("{code}", &code.unwrap_or_else(|| "ACDEFGHJ".to_owned()));
    }
    out
}

async fn browser_for(app: &TestApp, caller: usize) -> Browser {
    match caller {
        0 => Browser::new(app),
        1 => signed_in(app, LEARNER).await,
        2 => signed_in(app, OTHER_LEARNER).await,
        3 => signed_in(app, TRAINER).await,
        4 => signed_in(app, OTHER_TRAINER).await,
        _ => signed_in(app, OPS).await,
    }
}

fn meets(want: Want, r: &Reply) -> bool {
    let to_sign_in = r.status.is_redirection() && r.location.as_deref().is_some_and(|l| l.starts_with("/signin"));
    match want {
        Page => r.status == StatusCode::OK,
        Done => r.status.is_success() || (r.status.is_redirection() && !to_sign_in),
        PageOrHome => r.status == StatusCode::OK || (r.status.is_redirection() && !to_sign_in),
        SignIn => to_sign_in,
        Unauth => r.status == StatusCode::UNAUTHORIZED,
        Forbid => r.status == StatusCode::FORBIDDEN,
        Missing => r.status == StatusCode::NOT_FOUND,
        Refused => r.status == StatusCode::UNPROCESSABLE_ENTITY,
    }
}

#[sqlx::test(migrations = "./migrations")]
async fn every_route_answers_each_caller_as_the_matrix_says(pool: PgPool) {
    let app = spawn(pool).await;
    let w = world(&app.pool).await;
    let mut people = Vec::new();
    for caller in 0..CALLERS.len() {
        people.push(browser_for(&app, caller).await);
    }
    let mut mismatches = Vec::new();
    let mut cells = 0;
    for &(method, route, path, body, wants) in MATRIX {
        for (caller, want) in wants.iter().enumerate() {
            cells += 1;
            let path = fill(&app.pool, &w, caller, path).await;
            let mut fields = Vec::new();
            for (k, v) in body {
                fields.push((k.to_string(), fill(&app.pool, &w, caller, v).await));
            }
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            // Signing out would end the session the other rows use: that row gets its own.
            let mut fresh;
            let b = if route.ends_with("/sign_out") {
                fresh = browser_for(&app, caller).await;
                &mut fresh
            } else {
                &mut people[caller]
            };
            let r = match (method, route.starts_with("/api/")) {
                ("GET", _) => b.get(&path).await,
                (_, true) if fields.first().is_some_and(|(k, _)| *k == "json") => {
                    b.call_json(&path, &serde_json::from_str(fields[0].1).unwrap()).await
                }
                (_, true) => b.call(&path, &fields).await,
                _ => b.post_form(&path, &fields).await,
            };
            let who = CALLERS[caller];
            if !meets(*want, &r) {
                mismatches.push(format!("{method} {path} as {who}: want {want:?}, got {} {:?}", r.status, r.location));
                continue;
            }
            if matches!(want, Unauth | Forbid | SignIn) {
                let leaked: Vec<_> =
                    w.secrets.iter().filter(|(text, owner)| *owner != who && !text.is_empty() && r.body.contains(text.as_str())).collect();
                if !leaked.is_empty() {
                    mismatches.push(format!("{method} {path} as {who}: the refusal shows {leaked:?}"));
                }
                if route.starts_with("/api/") && r.body.len() > 100 {
                    mismatches.push(format!("{method} {path} as {who}: the refusal says more than its status: {}", r.body));
                }
            }
        }
    }
    println!("authorisation matrix: {} routes x {} callers = {cells} calls, {} mismatches", MATRIX.len(), CALLERS.len(), mismatches.len());
    assert!(mismatches.is_empty(), "{} of {cells} calls differ from the matrix:\n{}", mismatches.len(), mismatches.join("\n"));
}
