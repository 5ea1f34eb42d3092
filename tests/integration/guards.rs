//! Deny by default, case by case: a trainer reaches only their own cohorts, areas refuse other
//! roles without data, strangers are sent to sign in. The whole route × caller table is in
//! `access_matrix.rs`.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

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
