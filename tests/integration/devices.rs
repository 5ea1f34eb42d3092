//! "Signed in on": a user sees their sessions and ends any of them; operations disables an account
//! and every session of it ends at once.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

fn keys_in(page: &str) -> Vec<String> {
    page.split("name=\"key\" value=\"").skip(1).filter_map(|rest| rest.split('"').next()).map(str::to_owned).collect()
}

#[sqlx::test(migrations = "./migrations")]
async fn a_user_signs_out_a_lost_phone_from_another_device(pool: PgPool) {
    let app = spawn(pool).await;
    let mut lost_phone = signed_in(&app, LEARNER).await;
    let mut tablet = signed_in(&app, LEARNER).await;
    let mut laptop = signed_in(&app, LEARNER).await;
    let page = laptop.get("/account").await.body;
    assert!(page.contains("Signed in on") && page.contains("This device"));
    let keys = keys_in(&page);
    assert_eq!(keys.len(), 2, "the two other devices can be signed out, not this one");
    // A key that is not one of mine ends nothing, even someone else's.
    let mut trainer = signed_in(&app, TRAINER).await;
    trainer.post_form("/api/account/end_session", &[("key", &keys[0])]).await;
    assert_eq!(
        count(&app.pool, "select count(*) from user_session s join app_user u using (user_id) where u.email = 'learner@ruralrise.test'")
            .await,
        3
    );
    // The oldest session listed last is the lost phone; end both others one by one.
    for key in &keys {
        let r = laptop.post_form("/api/account/end_session", &[("key", key)]).await;
        assert_eq!(r.location.as_deref(), Some("/account"));
    }
    assert!(laptop.get("/account").await.body.contains("This device"));
    assert_eq!(lost_phone.get("/learn").await.location.as_deref(), Some("/signin"), "the lost phone is signed out");
    assert_eq!(tablet.get("/learn").await.location.as_deref(), Some("/signin"));
    assert_eq!(laptop.get("/learn").await.status, StatusCode::OK);
}

#[sqlx::test(migrations = "./migrations")]
async fn sign_out_everywhere_else_keeps_this_device(pool: PgPool) {
    let app = spawn(pool).await;
    let mut other = signed_in(&app, TRAINER).await;
    let mut here = signed_in(&app, TRAINER).await;
    let r = here.post_form("/api/account/end_other_sessions", &[]).await;
    assert_eq!(r.location.as_deref(), Some("/account"));
    assert!(here.get("/account").await.body.contains("Signed out on 1 other device."));
    assert_eq!(other.get("/train").await.location.as_deref(), Some("/signin"));
    assert_eq!(here.get("/train").await.status, StatusCode::OK);
}

#[sqlx::test(migrations = "./migrations")]
async fn operations_disables_an_account_and_its_sessions_end_at_once(pool: PgPool) {
    let app = spawn(pool).await;
    let mut learner = signed_in(&app, LEARNER).await;
    let mut ops = signed_in(&app, OPS).await;
    let page = ops.get("/ops/accounts?email=Learner%40RuralRise.test").await.body;
    assert!(page.contains("Active") && page.contains("Disable and sign out everywhere"), "{page}");
    let user_id: i64 =
        sqlx::query_scalar("select user_id from app_user where email = $1").bind(LEARNER).fetch_one(&app.pool).await.unwrap();
    let r = ops.post_form("/api/ops/set_account_status", &[("user_id", &user_id.to_string()), ("enabled", "false")]).await;
    assert_eq!(r.location.as_deref(), Some("/ops/accounts?email=learner%40ruralrise.test"));
    assert!(ops.get(r.location.as_deref().unwrap()).await.body.contains("is disabled and signed out everywhere"));
    assert_eq!(learner.get("/learn").await.location.as_deref(), Some("/signin"), "signed out at once");
    let r = Browser::new(&app).sign_in(LEARNER, PASSWORD).await;
    assert_eq!(r.location.as_deref(), Some("/signin"), "a disabled account cannot sign in");
    ops.post_form("/api/ops/set_account_status", &[("user_id", &user_id.to_string()), ("enabled", "true")]).await;
    assert_eq!(Browser::new(&app).sign_in(LEARNER, PASSWORD).await.location.as_deref(), Some("/learn"));
    assert_eq!(count(&app.pool, "select count(*) from audit_log where action in ('account_disabled', 'account_enabled')").await, 2);
    // Nobody disables their own account by mistake.
    let me: i64 = sqlx::query_scalar("select user_id from app_user where email = $1").bind(OPS).fetch_one(&app.pool).await.unwrap();
    ops.post_form("/api/ops/set_account_status", &[("user_id", &me.to_string()), ("enabled", "false")]).await;
    assert!(ops.get("/ops/accounts").await.body.contains("You cannot disable your own account"));
    assert_eq!(count(&app.pool, "select count(*) from app_user where email = 'ops@ruralrise.test' and status = 'active'").await, 1);
}

#[sqlx::test(migrations = "./migrations")]
async fn sessions_that_ended_by_time_are_not_listed(pool: PgPool) {
    let app = spawn(pool).await;
    let _idle_phone = signed_in(&app, LEARNER).await;
    let _old_tablet = signed_in(&app, LEARNER).await;
    let mut here = signed_in(&app, LEARNER).await;
    // One session went quiet two hours ago, another began a day ago: both are over.
    sqlx::query(
        "update user_session set last_seen_at = now() - interval '2 hours'
          where session_key = (select session_key from user_session order by created_at limit 1)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query(
        "update user_session set created_at = now() - interval '1 day'
          where session_key = (select session_key from user_session order by created_at limit 1 offset 1)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let page = here.get("/account").await.body;
    assert_eq!(keys_in(&page).len(), 0, "only this device is still signed in");
    assert!(page.contains("This device"));
}
