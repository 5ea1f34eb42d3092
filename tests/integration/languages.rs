//! Which language a page is in, and the switcher that changes it: the saved choice beats the
//! cookie, which beats the browser's Accept-Language, which beats English.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

#[sqlx::test(migrations = "./migrations")]
async fn a_visitor_gets_the_first_language_their_browser_asks_for_that_we_speak(pool: PgPool) {
    let app = spawn(pool).await;
    for (accept, lang, words) in [
        ("sw-KE,sw;q=0.9,en;q=0.5", "sw", "Ingia"),
        ("fr-FR,fr;q=0.9", "fr", "Connexion"),
        ("de-DE,de;q=0.9,fr;q=0.5", "fr", "Mot de passe"),
        ("de-DE", "en", "Sign in"),
    ] {
        let page = Browser::reading(&app, accept).get("/signin").await;
        assert_eq!(page_language(&page.body), Some(lang), "{accept}");
        assert!(page.body.contains(words), "{accept}: {words} missing");
    }
}

#[sqlx::test(migrations = "./migrations")]
async fn the_switcher_works_without_script_and_returns_to_the_same_page(pool: PgPool) {
    let app = spawn(pool).await;
    let mut b = Browser::reading(&app, "en");
    let r = b.post_form("/api/account/set_language", &[("language", "sw"), ("return_to", "/signup")]).await;
    assert_eq!((r.status, r.location.as_deref()), (StatusCode::FOUND, Some("/signup")));
    assert_eq!(b.language.as_deref(), Some("sw"), "the choice is remembered in a cookie");
    let page = b.get("/signup").await;
    assert_eq!(page_language(&page.body), Some("sw"), "the cookie beats the browser's English");
    assert!(page.body.contains("Fungua akaunti ya mwanafunzi"));
    // Each page offers the switcher pointing back at itself.
    assert!(page.body.contains(r#"name="return_to" value="/signup""#));
}

#[sqlx::test(migrations = "./migrations")]
async fn a_signed_in_choice_is_saved_and_follows_the_user_to_another_device(pool: PgPool) {
    let app = spawn(pool).await;
    let mut phone = signed_in(&app, LEARNER).await;
    let r = phone.post_form("/api/account/set_language", &[("language", "fr"), ("return_to", "/learn")]).await;
    assert_eq!(r.location.as_deref(), Some("/learn"));
    let saved: Option<String> =
        sqlx::query_scalar("select p.language::text from profile p join app_user u using (user_id) where u.email = $1")
            .bind(LEARNER)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(saved.as_deref(), Some("fr"));
    assert_eq!(count(&app.pool, "select count(*) from audit_log where action = 'set_language'").await, 1);

    // Another device: no cookie, a browser asking for Kiswahili. The saved choice wins.
    let mut laptop = Browser::reading(&app, "sw");
    laptop.sign_in(LEARNER, PASSWORD).await;
    let page = laptop.get("/learn").await;
    assert_eq!(page_language(&page.body), Some("fr"));
    assert!(page.body.contains("Bonjour, Amina"), "the dashboard greets her in French");
}

#[sqlx::test(migrations = "./migrations")]
async fn tampered_switcher_posts_change_nothing_and_never_leave_the_site(pool: PgPool) {
    let app = spawn(pool).await;
    let mut b = signed_in(&app, LEARNER).await;
    let r = b.post_form("/api/account/set_language", &[("language", "xx"), ("return_to", "/learn")]).await;
    assert!(b.language.is_none(), "no cookie for a language we do not speak ({})", r.status);
    assert_eq!(count(&app.pool, "select count(*) from profile where language is not null and user_id = (select user_id from app_user where email = 'learner@ruralrise.test')").await, 0);
    for evil in ["//evil.test/", "https://evil.test/", "/\\evil.test"] {
        let r = b.post_form("/api/account/set_language", &[("language", "en"), ("return_to", evil)]).await;
        assert_eq!(r.location.as_deref(), Some("/"), "{evil}");
    }
}

#[sqlx::test(migrations = "./migrations")]
async fn sign_up_keeps_a_language_picked_with_the_switcher_but_not_the_browsers_guess(pool: PgPool) {
    let app = spawn(pool).await;
    let saved = |email: &'static str| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, Option<String>>(
                "select p.language::text from profile p join app_user u using (user_id) where u.email = $1",
            )
            .bind(email)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let mut picked = Browser::reading(&app, "en");
    picked.post_form("/api/account/set_language", &[("language", "sw"), ("return_to", "/signup")]).await;
    let r = sign_up_and_confirm(&app, &mut picked, "Neema Atieno", "neema@example.org", "mahindi na maharage").await;
    assert_eq!(r.location.as_deref(), Some("/learn"));
    assert_eq!(saved("neema@example.org").await.as_deref(), Some("sw"));

    let mut guessed = Browser::reading(&app, "fr");
    guessed
        .post_form("/api/account/sign_up", &[("name", "Awa Zongo"), ("email", "awa@example.org"), ("password", "le karité du village")])
        .await;
    assert_eq!(saved("awa@example.org").await, None, "nobody chose; the browser keeps deciding");
    assert_eq!(page_language(&guessed.get("/learn").await.body), Some("fr"));
    let bad = Browser::reading(&app, "fr").post_form("/api/account/sign_up", &[("name", ""), ("email", "x"), ("password", "")]).await;
    assert_eq!(bad.location.as_deref(), Some("/signup"));
}

#[sqlx::test(migrations = "./migrations")]
async fn problems_come_back_in_the_readers_language(pool: PgPool) {
    let app = spawn(pool).await;
    let mut b = Browser::reading(&app, "fr");
    b.post_form("/api/account/sign_up", &[("name", " "), ("email", "pas-une-adresse"), ("password", "court")]).await;
    let page = b.get("/signup").await.body;
    assert!(page.contains("Saisissez votre nom."), "{page}");
    assert!(page.contains("Saisissez une adresse e-mail de la forme nom@exemple.org."));
    assert!(page.contains("au moins 10 caractères"));
    assert!(page.contains(r#"value="pas-une-adresse""#), "what was typed is kept");
}

#[sqlx::test(migrations = "./migrations")]
async fn a_refused_cross_site_post_explains_itself_in_the_readers_language(pool: PgPool) {
    let app = spawn(pool).await;
    let http = reqwest::Client::new();
    let res = http
        .post(format!("{}/api/account/set_language", app.base))
        .header("origin", "http://evil.test")
        .header("accept-language", "fr-FR")
        .form(&[("language", "sw"), ("return_to", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(res.headers().get("content-language").unwrap(), "fr");
    assert!(res.text().await.unwrap().contains("ne sont pas acceptées"));
}
