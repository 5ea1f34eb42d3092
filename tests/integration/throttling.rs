//! Every way into an account is limited per account and per client address, under concurrency,
//! whatever the encoding or spelling of the request; refusals are 429 with Retry-After in the
//! reader's language.

use crate::common::*;
use reqwest::StatusCode;
use ruralrise::domain::throttle::ThrottleScope;
use sqlx::PgPool;

fn account_limit() -> usize {
    ThrottleScope::SignInAccount.limit().max as usize
}

#[sqlx::test(migrations = "./migrations")]
async fn parallel_guesses_get_only_the_accounts_tries(pool: PgPool) {
    let app = spawn(pool).await;
    // 29 wrong guesses and the right password, all at once, each on its own connection.
    let mut tasks = Vec::new();
    for i in 0..30 {
        let mut b = Browser::from_address(&app, "198.51.100.7");
        let password = if i == 29 { PASSWORD.to_owned() } else { format!("wrong guess {i}") };
        tasks.push(tokio::spawn(async move { b.sign_in(LEARNER, &password).await.status }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let checked = statuses.iter().filter(|s| **s != StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!(checked, account_limit(), "only the account's tries reach the password check: {statuses:?}");
    let failures = count(&app.pool, "select count(*) from audit_log where action = 'sign_in_failed'").await;
    assert!(failures <= account_limit() as i64, "{failures} passwords were checked");
}

#[sqlx::test(migrations = "./migrations")]
async fn spelling_the_email_differently_uses_the_same_tries(pool: PgPool) {
    let app = spawn(pool).await;
    let spellings = ["learner@ruralrise.test", "LEARNER@RuralRise.Test", "  learner@ruralrise.test  ", "Learner@ruralrise.TEST\t"];
    let mut b = Browser::from_address(&app, "198.51.100.8");
    for i in 0..account_limit() {
        let r = b.sign_in(spellings[i % spellings.len()], "not the password").await;
        assert_eq!(r.status, StatusCode::FOUND, "try {i} is allowed");
    }
    for spelling in spellings {
        let r = b.sign_in(spelling, PASSWORD).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{spelling:?} found a way around the limit");
    }
    // Another address changes nothing for this account either.
    let mut elsewhere = Browser::from_address(&app, "203.0.113.9");
    assert_eq!(elsewhere.sign_in(LEARNER, PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
}

#[sqlx::test(migrations = "./migrations")]
async fn a_locked_account_does_not_lock_out_the_address_or_other_accounts(pool: PgPool) {
    let app = spawn(pool).await;
    let mut stranger = Browser::from_address(&app, "198.51.100.9");
    for _ in 0..=account_limit() {
        stranger.sign_in(OPS, "guess").await;
    }
    // The learner at the same centre still signs in.
    let mut colleague = Browser::from_address(&app, "198.51.100.9");
    assert_eq!(colleague.sign_in(LEARNER, PASSWORD).await.location.as_deref(), Some("/learn"));
}

#[sqlx::test(migrations = "./migrations")]
async fn one_address_cannot_spray_a_password_across_accounts(pool: PgPool) {
    let app = spawn(pool).await;
    let limit = ThrottleScope::SignInAddress.limit().max;
    let mut sprayer = Browser::from_address(&app, "192.0.2.50");
    for i in 0..limit {
        let r = sprayer.sign_in(&format!("person{i}@ruralrise.test"), "Summer2026!").await;
        assert_eq!(r.status, StatusCode::FOUND, "attempt {i}");
    }
    let r = sprayer.sign_in(LEARNER, PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "the address has used its tries");
    // IPv6 neighbours in one /64 share the count; another network does not.
    let mut v6 = Browser::from_address(&app, "2001:db8:1:2::1");
    for i in 0..limit {
        v6.address = Some(format!("2001:db8:1:2::{:x}", i + 2));
        v6.sign_in(&format!("other{i}@ruralrise.test"), "Summer2026!").await;
    }
    v6.address = Some("2001:db8:1:2:ffff::9".into());
    assert_eq!(v6.sign_in(TRAINER, PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
    let mut other = Browser::from_address(&app, "2001:db8:1:3::1");
    assert_eq!(other.sign_in(TRAINER, PASSWORD).await.location.as_deref(), Some("/train"));
}

#[sqlx::test(migrations = "./migrations")]
async fn successful_sign_ins_do_not_use_up_a_shared_address(pool: PgPool) {
    let app = spawn(pool).await;
    let limit = ThrottleScope::SignInAddress.limit().max;
    let mut centre = Browser::from_address(&app, "192.0.2.60");
    for _ in 0..=limit {
        let r = centre.sign_in(LEARNER, PASSWORD).await;
        assert_eq!(r.location.as_deref(), Some("/learn"));
    }
}

#[sqlx::test(migrations = "./migrations")]
async fn a_refusal_is_429_with_retry_after_in_the_readers_language(pool: PgPool) {
    let app = spawn(pool).await;
    let mut b = Browser::from_address(&app, "192.0.2.70");
    b.accept_language = Some("sw".into());
    for _ in 0..account_limit() {
        b.sign_in(LEARNER, "guess").await;
    }
    let r = b.sign_in(LEARNER, "guess").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.location.is_none(), "a refusal is not a redirect");
    let retry: u64 = r.headers.get("retry-after").expect("Retry-After").to_str().unwrap().parse().unwrap();
    assert!((1..=15 * 60).contains(&retry), "{retry}");
    assert!(r.body.contains("<html lang=\"sw\">") && r.body.contains("Majaribio mengi mno"), "{}", r.body);
    assert!(r.body.contains("href=\"/"), "a way back");
    // A program asking for JSON gets the error as JSON.
    let r = b.call("/api/account/sign_in", &[("email", LEARNER), ("password", "guess")]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("TooManyRequests"), "{}", r.body);
}

#[sqlx::test(migrations = "./migrations")]
async fn other_encodings_and_methods_do_not_get_around_the_limit(pool: PgPool) {
    let app = spawn(pool).await;
    let mut b = Browser::from_address(&app, "192.0.2.80");
    for _ in 0..account_limit() {
        b.sign_in(LEARNER, "guess").await;
    }
    let url = "/api/account/sign_in";
    let json = serde_json::json!({ "email": LEARNER, "password": PASSWORD });
    let attempts: Vec<(&str, Reply)> = vec![
        ("json body", b.send(|c, base| c.post(format!("{base}{url}")).json(&json)).await),
        ("query string", b.send(|c, base| c.post(format!("{base}{url}?email={LEARNER}&password={PASSWORD}"))).await),
        ("get", b.send(|c, base| c.get(format!("{base}{url}?email={LEARNER}&password={PASSWORD}"))).await),
        ("form, no accept", b.send(|c, base| c.post(format!("{base}{url}")).form(&[("email", LEARNER), ("password", PASSWORD)])).await),
        ("cbor content type", b.send(|c, base| c.post(format!("{base}{url}")).header("content-type", "application/cbor").body("x")).await),
        (
            "repeated fields",
            b.send(|c, base| {
                c.post(format!("{base}{url}"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(format!("email=x%40y.test&email={LEARNER}&password={PASSWORD}"))
            })
            .await,
        ),
    ];
    for (how, r) in attempts {
        assert!(r.status.is_client_error(), "{how}: {}", r.status);
        assert!(r.location.as_deref() != Some("/learn"), "{how} signed in");
    }
    assert!(b.session.is_none() || b.get("/learn").await.status != StatusCode::OK, "no way in");
}

#[sqlx::test(migrations = "./migrations")]
async fn sign_ups_from_one_address_are_limited(pool: PgPool) {
    let app = spawn(pool).await;
    let limit = ThrottleScope::SignUpAddress.limit().max;
    let mut b = Browser::from_address(&app, "192.0.2.90");
    for i in 0..limit {
        let r = b
            .post_form(
                "/api/account/sign_up",
                &[("name", "Someone"), ("email", &format!("new{i}@ruralrise.test")), ("password", "long enough password")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FOUND, "sign-up {i}");
        b.session = None;
    }
    let before = count(&app.pool, "select count(*) from app_user").await;
    let r = b
        .post_form(
            "/api/account/sign_up",
            &[("name", "One more"), ("email", "onemore@ruralrise.test"), ("password", "long enough password")],
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(count(&app.pool, "select count(*) from app_user").await, before, "nothing created");
}
