//! Bad requests are the caller's fault and say so plainly (400/413, never 500 or the framework's
//! words), are refused before anything is stored, and served over HTTPS the site insists on it.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

#[sqlx::test(migrations = "./migrations")]
async fn a_missing_or_malformed_field_is_a_400_in_plain_words(pool: PgPool) {
    let app = spawn(pool).await;
    let mut b = signed_in(&app, OPS).await;
    for (what, body) in [
        ("missing password", "email=a%40b.test"),
        ("nothing at all", ""),
        ("not a form", "%%%%&&&=="),
        ("wrong field", "mail=a%40b.test&pass=x"),
    ] {
        let r = b
            .send(|c, base| {
                c.post(format!("{base}/api/account/sign_in")).header("content-type", "application/x-www-form-urlencoded").body(body)
            })
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{what}: {}", r.body);
        for leak in ["missing field", "serde", "Args", "deserializ", "urlencoded"] {
            assert!(!r.body.to_lowercase().contains(&leak.to_lowercase()), "{what} leaks {leak:?}: {}", r.body);
        }
    }
    // The same from a plain form: a readable page with a way back, in the reader's language.
    b.accept_language = Some("fr".into());
    let r = b.post_form("/api/ops/create_trainer", &[("name", "Only a name")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("<html lang=\"fr\">") && r.body.contains("Requête incomprise"), "{}", r.body);
}

#[sqlx::test(migrations = "./migrations")]
async fn a_huge_body_is_413_and_leaves_nothing_behind(pool: PgPool) {
    let app = spawn(pool).await;
    let sessions_before = count(&app.pool, "select count(*) from tower_sessions.session").await;
    let mut b = Browser::new(&app);
    let huge = "x".repeat(10 * 1024 * 1024);
    let r = b
        .post_form(
            "/api/account/sign_up",
            &[("name", huge.as_str()), ("email", "big@ruralrise.test"), ("password", "long enough password")],
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("Too much sent at once"), "{}", r.body);
    let r = b.call("/api/account/sign_in", &[("email", huge.as_str()), ("password", "x")]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("TooLarge"), "{}", r.body);
    assert_eq!(count(&app.pool, "select count(*) from tower_sessions.session").await, sessions_before, "no session was made");
    assert_eq!(count(&app.pool, "select count(*) from app_user where email = 'big@ruralrise.test'").await, 0);
}

#[sqlx::test(migrations = "./migrations")]
async fn what_is_kept_for_the_form_is_bounded(pool: PgPool) {
    let app = spawn(pool).await;
    let mut b = Browser::new(&app);
    // Just under the body limit: accepted as a request, refused as a name, and only a bounded
    // part of it is kept to show back in the form.
    let long = "n".repeat(60 * 1024);
    let r = b
        .post_form(
            "/api/account/sign_up",
            &[("name", long.as_str()), ("email", "long@ruralrise.test"), ("password", "long enough password")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FOUND);
    let biggest = count(&app.pool, "select coalesce(max(length(data)), 0)::bigint from tower_sessions.session").await;
    assert!(biggest < 2_000, "a session row holds {biggest} bytes");
    assert!(b.get("/signup").await.body.contains(&"n".repeat(300)), "what was typed comes back, cut short");
}

#[sqlx::test(migrations = "./migrations")]
async fn over_https_cookies_are_secure_and_browsers_are_told_to_stay(pool: PgPool) {
    let cfg = ruralrise::server::config::Config {
        public_url: Some("https://learn.example.org".into()),
        cookie_secure: true,
        ..ruralrise::server::config::Config::plain(scratch_dir())
    };
    let app = spawn_with(pool, cfg).await;
    let mut b = Browser::new(&app);
    let r = b.sign_in(LEARNER, PASSWORD).await;
    let hsts = r.headers.get("strict-transport-security").expect("HSTS").to_str().unwrap().to_owned();
    assert!(hsts.contains("max-age=31536000"), "{hsts}");
    let cookie = r.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
}
