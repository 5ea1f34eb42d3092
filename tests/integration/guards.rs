//! Deny by default: every server function and every area refuses callers of the wrong role, and
//! a trainer reaches only their own cohorts. The list of server functions is read from what the
//! app registers, so a new function fails here until it is given its rule below.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;
use std::collections::BTreeSet;

/// Who may call a server function.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Access {
    /// Anyone, signed in or not (signing in, signing up, choosing a language...).
    Anyone,
    /// Any signed-in user, about their own account.
    SignedIn,
    /// Only a signed-in user with this role.
    Role(&'static str),
}

/// A server function, who may call it, and a well-formed body, so that the guard (not the request
/// parser) is what answers a stranger.
type Rule = (&'static str, Access, &'static [(&'static str, &'static str)]);

const RULES: &[Rule] = &[
    ("/api/account/me", Access::Anyone, &[]),
    ("/api/account/flash", Access::Anyone, &[("form", "sign_in")]),
    ("/api/account/sign_in", Access::Anyone, &[("email", "nobody@ruralrise.test"), ("password", "not a password")]),
    ("/api/account/sign_out", Access::Anyone, &[]),
    ("/api/account/sign_up", Access::Anyone, &[("name", ""), ("email", ""), ("password", "")]),
    ("/api/account/set_language", Access::Anyone, &[("language", "en"), ("return_to", "/")]),
    ("/api/account/request_reset", Access::Anyone, &[("email", "nobody@ruralrise.test")]),
    ("/api/account/link_works", Access::Anyone, &[("purpose", "reset_password"), ("token", "made-up")]),
    ("/api/account/reset_password", Access::Anyone, &[("token", "made-up"), ("password", "a long enough one")]),
    ("/api/account/verify_email", Access::Anyone, &[("token", "made-up")]),
    ("/api/account/resend_verification", Access::Anyone, &[("email", "nobody@ruralrise.test")]),
    ("/api/account/overview", Access::SignedIn, &[]),
    ("/api/account/end_session", Access::SignedIn, &[("key", "not-one-of-mine")]),
    ("/api/account/end_other_sessions", Access::SignedIn, &[]),
    ("/api/account/change_password", Access::SignedIn, &[("current_password", "not it"), ("password", "long enough new one")]),
    ("/api/account/pin_code", Access::Anyone, &[("code", "KXM4TP9Q")]),
    ("/api/account/pin_cohort", Access::Anyone, &[("code", "KXM4TP9Q")]),
    ("/api/account/pin_sign_in", Access::Anyone, &[("code", "KXM4TP9Q"), ("learner", "1"), ("pin", "4829")]),
    ("/api/trainer/pins", Access::Role("trainer"), &[("cohort", "1")]),
    ("/api/trainer/new_sign_in_code", Access::Role("trainer"), &[("cohort", "1")]),
    ("/api/trainer/set_pin", Access::Role("trainer"), &[("cohort", "1"), ("learner", "1"), ("pin", "4829"), ("picture", "sun")]),
    ("/api/trainer/remove_pin", Access::Role("trainer"), &[("cohort", "1"), ("learner", "1")]),
    ("/api/ops/audit", Access::Role("operations"), &[("query[action]", "sign_in")]),
    ("/api/ops/find_account", Access::Role("operations"), &[("email", "learner@ruralrise.test")]),
    ("/api/ops/set_account_status", Access::Role("operations"), &[("user_id", "-1"), ("enabled", "true")]),
    ("/api/learner/dashboard", Access::Role("learner"), &[]),
    ("/api/trainer/console", Access::Role("trainer"), &[]),
    ("/api/ops/overview", Access::Role("operations"), &[]),
    ("/api/ops/trainers", Access::Role("operations"), &[]),
    ("/api/ops/create_trainer", Access::Role("operations"), &[("name", ""), ("email", ""), ("password", "")]),
];

#[test]
fn every_registered_server_function_has_a_rule() {
    let registered: BTreeSet<&str> = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect();
    let ruled: BTreeSet<&str> = RULES.iter().map(|(path, _, _)| *path).collect();
    let unruled: Vec<_> = registered.difference(&ruled).collect();
    assert!(unruled.is_empty(), "server functions without an access rule in tests/integration/guards.rs: {unruled:?}");
    let stale: Vec<_> = ruled.difference(&registered).collect();
    assert!(stale.is_empty(), "rules for server functions that no longer exist: {stale:?}");
}

#[sqlx::test(migrations = "./migrations")]
async fn every_server_function_refuses_other_roles_and_strangers(pool: PgPool) {
    let app = spawn(pool).await;
    let mut people = [
        ("learner", signed_in(&app, LEARNER).await),
        ("trainer", signed_in(&app, TRAINER).await),
        ("operations", signed_in(&app, OPS).await),
    ];
    for &(path, access, body) in RULES {
        if access == Access::SignedIn {
            let r = Browser::new(&app).call(path, body).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "anonymous {path}");
            for (role, browser) in people.iter_mut() {
                let r = browser.call(path, body).await;
                assert!(r.status.is_success() || r.status.is_redirection(), "{role} {path}: {} {}", r.status, r.body);
            }
            continue;
        }
        let Access::Role(owner) = access else {
            let r = Browser::new(&app).call(path, body).await;
            assert!(r.status != StatusCode::UNAUTHORIZED && r.status != StatusCode::FORBIDDEN, "anonymous {path}: {}", r.status);
            continue;
        };
        let r = Browser::new(&app).call(path, body).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "anonymous {path}");
        assert!(r.body.contains("Unauthenticated") && r.body.len() < 100, "anonymous {path} leaks: {}", r.body);
        for (role, browser) in people.iter_mut() {
            let r = browser.call(path, body).await;
            if *role == owner {
                assert!(r.status.is_success() || r.status.is_redirection(), "{role} {path}: {} {}", r.status, r.body);
            } else {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{role} {path}");
                assert!(r.body.contains("Forbidden") && r.body.len() < 100, "{role} {path} leaks: {}", r.body);
            }
        }
    }
}

#[sqlx::test(migrations = "./migrations")]
async fn a_trainer_sees_only_their_own_cohorts_queue(pool: PgPool) {
    let app = spawn(pool).await;
    let mine: (i64, String) = sqlx::query_as(
        "select c.cohort_id, c.name from cohort c join app_user u on u.user_id = c.trainer_id
          where u.email = $1 and c.status = 'active' order by c.cohort_id limit 1",
    )
    .bind(TRAINER)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let theirs: i64 = sqlx::query_scalar(
        "select c.cohort_id from cohort c join app_user u on u.user_id = c.trainer_id where u.email <> $1 order by c.cohort_id limit 1",
    )
    .bind(TRAINER)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let mut trainer = signed_in(&app, TRAINER).await;
    let own = trainer.get(&format!("/train?cohort={}", mine.0)).await;
    assert_eq!(own.status, StatusCode::OK);
    let filter = own.body.split(r#"id="queue-filter""#).nth(1).expect("the queue says it is narrowed");
    assert!(filter.split("</p>").next().unwrap().contains(&mine.1), "and to which cohort");

    for refused in [theirs, 999_999] {
        let page = trainer.get(&format!("/train?cohort={refused}")).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "cohort {refused}");
        assert!(page.body.contains("No access"));
        let call = trainer.call("/api/trainer/console", &[("cohort", &refused.to_string())]).await;
        assert_eq!(call.status, StatusCode::FORBIDDEN, "server function, cohort {refused}");
    }
    let nonsense = trainer.get("/train?cohort=first").await;
    assert_eq!(nonsense.status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrations = "./migrations")]
async fn only_operations_creates_trainer_accounts(pool: PgPool) {
    let app = spawn(pool).await;
    let fields = [("name", "Neema Kariuki"), ("email", "neema@ruralrise.test"), ("password", "trainer password 1")];
    for email in [LEARNER, TRAINER] {
        let mut b = signed_in(&app, email).await;
        let r = b.call("/api/ops/create_trainer", &fields).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{email}");
    }
    let mut anonymous = Browser::new(&app);
    assert_eq!(anonymous.call("/api/ops/create_trainer", &fields).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(count(&app.pool, "select count(*) from app_user where email = 'neema@ruralrise.test'").await, 0);

    let mut ops = signed_in(&app, OPS).await;
    let r = ops.post_form("/api/ops/create_trainer", &fields).await;
    assert_eq!(r.location.as_deref(), Some("/ops/trainers"));
    let role: String =
        sqlx::query_scalar("select role::text from app_user where email = 'neema@ruralrise.test'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(role, "trainer");
    let page = ops.get("/ops/trainers").await.body;
    assert!(page.contains("Trainer account created for neema@ruralrise.test"));
    assert!(page.contains("Neema Kariuki"));
    let audit = count(&app.pool, "select count(*) from audit_log where action = 'create_account'").await;
    assert_eq!(audit, 1, "the creation is audited");

    let mut trainer = Browser::new(&app);
    assert_eq!(trainer.sign_in("neema@ruralrise.test", "trainer password 1").await.location.as_deref(), Some("/train"));
    assert!(trainer.get("/train").await.body.contains("You have no cohorts yet."));
}

#[sqlx::test(migrations = "./migrations")]
async fn areas_refuse_other_roles_with_403_and_no_data(pool: PgPool) {
    let app = spawn(pool).await;
    let mut learner = signed_in(&app, LEARNER).await;
    for path in ["/train", "/ops", "/ops/trainers"] {
        let r = learner.get(path).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        assert!(r.body.contains("No access"));
        assert!(!r.body.contains("Waiting for grading") && !r.body.contains("Active learners"), "{path} leaks data");
    }
    let mut trainer = signed_in(&app, TRAINER).await;
    assert_eq!(trainer.get("/learn").await.status, StatusCode::FORBIDDEN);
    assert_eq!(trainer.get("/ops").await.status, StatusCode::FORBIDDEN);
}

#[sqlx::test(migrations = "./migrations")]
async fn strangers_are_sent_to_sign_in(pool: PgPool) {
    let app = spawn(pool).await;
    let mut b = Browser::new(&app);
    for path in ["/learn", "/train", "/ops", "/ops/trainers"] {
        let r = b.get(path).await;
        assert_eq!((r.status, r.location.as_deref()), (StatusCode::FOUND, Some("/signin")), "{path}");
    }
    let home = b.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Create a learner account"));
}

#[sqlx::test(migrations = "./migrations")]
async fn bad_invalid_bad_input_to_create_trainer_changes_nothing(pool: PgPool) {
    let app = spawn(pool).await;
    let before = count(&app.pool, "select count(*) from app_user").await;
    let mut ops = signed_in(&app, OPS).await;
    ops.post_form("/api/ops/create_trainer", &[("name", "X"), ("email", "trainer@ruralrise.test"), ("password", "long enough pass")]).await;
    ops.post_form("/api/ops/create_trainer", &[("name", ""), ("email", "bad"), ("password", "1")]).await;
    assert_eq!(count(&app.pool, "select count(*) from app_user").await, before);
    let page = ops.get("/ops/trainers").await.body;
    assert!(page.contains("Enter your name.") && page.contains("Use at least 10 characters"));
}
