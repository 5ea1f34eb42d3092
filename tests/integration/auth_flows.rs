//! Sign-up, sign-in, sign-out and session handling, end to end over HTTP.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

#[sqlx::test(migrations = "./migrations")]
async fn bad_sign_up_reports_every_field_keeps_input_and_stores_nothing(pool: PgPool) {
    let app = spawn(pool).await;
    let before = count(&app.pool, "select count(*) from app_user").await;
    let mut b = Browser::new(&app);
    let r = b.post_form("/api/account/sign_up", &[("name", "   "), ("email", "not-an-email"), ("password", "zq9x")]).await;
    assert_eq!((r.status, r.location.as_deref()), (StatusCode::FOUND, Some("/signup")));
    assert_eq!(count(&app.pool, "select count(*) from app_user").await, before);

    let form = b.get("/signup").await.body;
    assert!(form.contains("Enter your name."));
    assert!(form.contains("Enter an e-mail address like name@example.org."));
    assert!(form.contains("Use at least 10 characters"));
    assert!(form.contains(r#"value="not-an-email""#), "the typed e-mail is kept");
    assert!(!form.contains("zq9x"), "the password is never echoed back");
    // The flash is one-shot: a reload shows a clean form.
    assert!(!b.get("/signup").await.body.contains("Enter your name."));
}

#[sqlx::test(migrations = "./migrations")]
async fn each_role_lands_in_its_own_area(pool: PgPool) {
    let app = spawn(pool).await;
    for (email, home) in [(LEARNER, "/learn"), (TRAINER, "/train"), (OPS, "/ops")] {
        let mut b = Browser::new(&app);
        let r = b.sign_in(&email.to_uppercase(), PASSWORD).await;
        assert_eq!(r.location.as_deref(), Some(home), "{email}");
        assert_eq!(b.get(home).await.status, StatusCode::OK, "{email} opens {home}");
    }
}

#[sqlx::test(migrations = "./migrations")]
async fn unknown_email_and_wrong_password_get_the_same_answer(pool: PgPool) {
    let app = spawn(pool).await;
    let mut wrong = Browser::new(&app);
    let a = wrong.sign_in(LEARNER, "not the password").await;
    let mut unknown = Browser::new(&app);
    let b = unknown.sign_in("nobody@ruralrise.test", "not the password").await;
    assert_eq!((a.status, a.location.clone()), (b.status, b.location.clone()));
    assert_eq!(a.location.as_deref(), Some("/signin"));
    let page_a = wrong.get("/signin").await.body;
    let page_b = unknown.get("/signin").await.body;
    let message = "That e-mail and password do not match an account.";
    assert!(page_a.contains(message) && page_b.contains(message));
    assert!(wrong.get("/learn").await.location.as_deref() == Some("/signin"), "no session from a failed sign-in");
}

#[sqlx::test(migrations = "./migrations")]
async fn disabled_accounts_cannot_sign_in_and_lose_their_sessions(pool: PgPool) {
    let app = spawn(pool).await;
    let mut b = signed_in(&app, LEARNER).await;
    sqlx::query("update app_user set status = 'disabled' where email = $1").bind(LEARNER).execute(&app.pool).await.unwrap();
    assert_eq!(b.get("/learn").await.location.as_deref(), Some("/signin"), "the live session is ended");
    let mut again = Browser::new(&app);
    again.sign_in(LEARNER, PASSWORD).await;
    assert!(again.get("/signin").await.body.contains("switched off"));
}

#[sqlx::test(migrations = "./migrations")]
async fn sign_in_issues_a_new_session_id_and_kills_the_old_one(pool: PgPool) {
    let app = spawn(pool).await;
    let mut b = Browser::new(&app);
    // A failed attempt leaves a session behind (it carries the form's flash): the planted id.
    b.sign_in(LEARNER, "wrong password here").await;
    let planted = b.session.clone().expect("a pre-sign-in session");
    b.sign_in(LEARNER, PASSWORD).await;
    let fresh = b.session.clone().expect("a session after sign-in");
    assert_ne!(planted, fresh, "session id must change at sign-in");
    assert_eq!(count(&app.pool, &format!("select count(*) from tower_sessions.session where id = '{planted}'")).await, 0);

    let mut attacker = Browser::new(&app);
    attacker.session = Some(planted);
    assert_eq!(attacker.get("/learn").await.location.as_deref(), Some("/signin"), "the planted id opens nothing");
    assert_eq!(b.get("/learn").await.status, StatusCode::OK);
}

#[sqlx::test(migrations = "./migrations")]
async fn sign_out_removes_the_server_side_session(pool: PgPool) {
    let app = spawn(pool).await;
    let mut b = signed_in(&app, TRAINER).await;
    let id = b.session.clone().unwrap();
    let r = b.post_form("/api/account/sign_out", &[]).await;
    assert_eq!(r.location.as_deref(), Some("/signin"));
    assert_eq!(count(&app.pool, &format!("select count(*) from tower_sessions.session where id = '{id}'")).await, 0);
    assert!(b.get("/signin").await.body.contains("You are signed out."));

    let mut replay = Browser::new(&app);
    replay.session = Some(id);
    assert_eq!(replay.get("/train").await.location.as_deref(), Some("/signin"), "the old cookie is dead");
}

#[sqlx::test(migrations = "./migrations")]
async fn session_cookie_is_http_only_and_same_site(pool: PgPool) {
    let app = spawn(pool).await;
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let res = http
        .post(format!("{}/api/account/sign_in", app.base))
        .header("accept", "text/html")
        .form(&[("email", LEARNER), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(cookie.starts_with("rr_session="));
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Max-Age=3600"), "an idle session ends within the hour: {cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP here");
    assert!(res.headers().get("strict-transport-security").is_none(), "no HSTS over plain HTTP");
}

#[sqlx::test(migrations = "./migrations")]
async fn cross_site_posts_are_refused_and_change_nothing(pool: PgPool) {
    let app = spawn(pool).await;
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let before = count(&app.pool, "select count(*) from app_user").await;
    for (name, value) in [("origin", "http://evil.test"), ("sec-fetch-site", "cross-site")] {
        let res = http
            .post(format!("{}/api/account/sign_up", app.base))
            .header(name, value)
            .form(&[("name", "Mallory"), ("email", "mallory@evil.test"), ("password", "long enough password")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{name}: {value}");
        assert!(res.headers().get("set-cookie").is_none());
    }
    assert_eq!(count(&app.pool, "select count(*) from app_user").await, before);
}

#[sqlx::test(migrations = "./migrations")]
async fn server_functions_do_not_answer_get(pool: PgPool) {
    let app = spawn(pool).await;
    let mut b = signed_in(&app, LEARNER).await;
    for path in ["/api/account/sign_out", "/api/account/sign_in", "/api/learner/dashboard"] {
        let r = b.get(path).await;
        assert!(r.status == StatusCode::METHOD_NOT_ALLOWED || r.status == StatusCode::NOT_FOUND, "GET {path}: {}", r.status);
    }
    assert_eq!(b.get("/learn").await.status, StatusCode::OK, "GET sign_out did not sign out");
}

#[sqlx::test(migrations = "./migrations")]
async fn pages_carry_security_headers_and_a_nonce_csp(pool: PgPool) {
    let app = spawn(pool).await;
    let http = reqwest::Client::new();
    let res = http.get(format!("{}/signin", app.base)).send().await.unwrap();
    let h = res.headers().clone();
    let csp = h.get("content-security-policy").expect("CSP").to_str().unwrap().to_owned();
    assert!(csp.contains("script-src 'nonce-"), "{csp}");
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert_eq!(h.get("cache-control").unwrap(), "no-store");
    let body = res.text().await.unwrap();
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(body.contains(&format!("nonce=\"{nonce}\"")), "the page's scripts carry this response's nonce");
}

#[sqlx::test(migrations = "./migrations")]
async fn user_text_is_escaped_not_rendered(pool: PgPool) {
    let app = spawn(pool).await;
    let mut b = Browser::new(&app);
    sign_up_and_confirm(&app, &mut b, "<script>alert(1)</script>", "xss@example.org", "a long enough password").await;
    let page = b.get("/learn").await.body;
    assert!(!page.contains("<script>alert(1)</script>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}
