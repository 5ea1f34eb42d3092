//! Deny by default: every server function and every area refuses callers of the wrong role.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

/// Every data server function and the role it belongs to.
const ENDPOINTS: &[(&str, &str)] = &[
    ("/api/learner/dashboard", "learner"),
    ("/api/trainer/console", "trainer"),
    ("/api/ops/overview", "operations"),
    ("/api/ops/trainers", "operations"),
];

#[sqlx::test(migrations = "./migrations")]
async fn every_server_function_refuses_other_roles_and_strangers(pool: PgPool) {
    let app = spawn(pool).await;
    let mut anonymous = Browser::new(&app);
    let mut people =
        [("learner", signed_in(&app, LEARNER).await), ("trainer", signed_in(&app, TRAINER).await), ("operations", signed_in(&app, OPS).await)];
    for &(path, owner) in ENDPOINTS {
        let r = anonymous.call(path, &[]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "anonymous {path}");
        assert!(r.body.contains("Unauthenticated"), "anonymous {path}: {}", r.body);
        for (role, browser) in people.iter_mut() {
            let r = browser.call(path, &[]).await;
            if *role == owner {
                assert_eq!(r.status, StatusCode::OK, "{role} {path}: {}", r.body);
            } else {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{role} {path}");
                assert!(r.body.contains("Forbidden") && r.body.len() < 100, "{role} {path} leaks: {}", r.body);
            }
        }
    }
}

#[sqlx::test(migrations = "./migrations")]
async fn only_operations_creates_trainer_accounts(pool: PgPool) {
    let app = spawn(pool).await;
    let fields = [("name", "Neema Kariuki"), ("email", "neema@ruralrise.test"), ("password", "trainer password 1")];
    for email in [LEARNER, TRAINER] {
        let mut b = signed_in(&app, email).await;
        let r = b.call("/api/auth/create_trainer", &fields).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{email}");
    }
    let mut anonymous = Browser::new(&app);
    assert_eq!(anonymous.call("/api/auth/create_trainer", &fields).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(count(&app.pool, "select count(*) from app_user where email = 'neema@ruralrise.test'").await, 0);

    let mut ops = signed_in(&app, OPS).await;
    let r = ops.post_form("/api/auth/create_trainer", &fields).await;
    assert_eq!(r.location.as_deref(), Some("/ops/trainers"));
    let role: String = sqlx::query_scalar("select role from app_user where email = 'neema@ruralrise.test'").fetch_one(&app.pool).await.unwrap();
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
    ops.post_form("/api/auth/create_trainer", &[("name", "X"), ("email", "trainer@ruralrise.test"), ("password", "long enough pass")]).await;
    ops.post_form("/api/auth/create_trainer", &[("name", ""), ("email", "bad"), ("password", "1")]).await;
    assert_eq!(count(&app.pool, "select count(*) from app_user").await, before);
    let page = ops.get("/ops/trainers").await.body;
    assert!(page.contains("Enter your name.") && page.contains("Use at least 10 characters"));
}
