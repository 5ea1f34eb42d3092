//! Proving and recovering an account by e-mail: sign-up answers alike for new and taken
//! addresses, the confirmation link signs the learner in, and a reset link (single-use, expiring)
//! sets a new password, ends every other session and lets a locked-out owner back in.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

async fn sign_up(b: &mut Browser, name: &str, email: &str, password: &str) -> Reply {
    b.post_form("/api/account/sign_up", &[("name", name), ("email", email), ("password", password)]).await
}

#[sqlx::test(migrations = "./migrations")]
async fn sign_up_confirms_the_address_by_email_then_signs_the_learner_in(pool: PgPool) {
    let app = spawn(pool).await;
    let mut b = Browser::new(&app);
    let r = sign_up(&mut b, "  Zawadi Otieno ", "Zawadi@Example.org", "maize and beans 2026").await;
    assert_eq!(r.location.as_deref(), Some("/signin"));
    assert!(b.get("/signin").await.body.contains("We sent a link to zawadi@example.org"));
    let (role, name, hash): (String, String, String) = sqlx::query_as(
        "select u.role::text, p.display_name, u.password_hash from app_user u join profile p using (user_id) where u.email = 'zawadi@example.org'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((role.as_str(), name.as_str()), ("learner", "Zawadi Otieno"));
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "argon2id with OWASP parameters, got {hash}");

    // Before the link is opened, the right password still does not get in.
    let r = b.sign_in("zawadi@example.org", "maize and beans 2026").await;
    assert_eq!(r.location.as_deref(), Some("/signin"));
    assert!(b.get("/signin").await.body.contains("Confirm your e-mail address first"));

    let letters = app.letters_to("zawadi@example.org", 1).await;
    assert_eq!(letters.len(), 1, "one confirmation letter");
    let letter = &letters[0];
    assert!(letter.contains("Content-Type: text/plain") && letter.contains("Content-Type: text/html"), "plain and HTML parts");
    let link = link_in(letter, "/verify").expect("a confirmation link");
    // Opening the link changes nothing; the button on it does.
    let page = b.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(count(&app.pool, "select count(*) from app_user where email = 'zawadi@example.org' and email_verified_at is null").await, 1);
    let token = link.split("token=").nth(1).unwrap();
    let r = b.post_form("/api/account/verify_email", &[("token", token)]).await;
    assert_eq!(r.location.as_deref(), Some("/learn"));
    let page = b.get("/learn").await;
    assert!(page.body.contains("Hello, Zawadi"));
    assert!(page.body.contains("not enrolled in a learning path yet"), "a new learner sees the empty state");
    // The link worked once.
    let mut again = Browser::new(&app);
    let r = again.post_form("/api/account/verify_email", &[("token", token)]).await;
    assert_eq!(r.location.as_deref(), Some("/verify/resend"));
    assert!(again.get("/verify/resend").await.body.contains("expired or was already used"));
}

#[sqlx::test(migrations = "./migrations")]
async fn sign_up_answers_the_same_for_a_taken_address_and_tells_its_owner(pool: PgPool) {
    let app = spawn(pool).await;
    let mut fresh = Browser::new(&app);
    let new = sign_up(&mut fresh, "New Person", "new.person@example.org", "another long password").await;
    let mut copycat = Browser::new(&app);
    let taken = sign_up(&mut copycat, "Copy Cat", "LEARNER@RuralRise.test", "another long password").await;
    assert_eq!((new.status, new.location.as_deref()), (taken.status, taken.location.as_deref()));
    let page_new = without_nonces(&fresh.get("/signin").await.body.replace("new.person@example.org", "ADDRESS"));
    let page_taken = without_nonces(&copycat.get("/signin").await.body.replace("learner@ruralrise.test", "ADDRESS"));
    assert_eq!(page_new, page_taken, "the two answers read the same");
    assert_eq!(count(&app.pool, "select count(*) from app_user where lower(email) = 'learner@ruralrise.test'").await, 1);
    let letters = app.letters_to(LEARNER, 1).await;
    assert!(letters[0].contains("Someone tried to sign up with your address"), "{}", letters[0]);
    assert!(link_in(&letters[0], "/verify").is_none(), "the owner is not sent a confirmation for someone else's sign-up");
}

#[sqlx::test(migrations = "./migrations")]
async fn a_reset_link_sets_a_new_password_once_and_ends_every_other_session(pool: PgPool) {
    let app = spawn(pool).await;
    let mut phone = signed_in(&app, LEARNER).await;
    // Someone is locked out by a stranger's guesses...
    let mut stranger = Browser::from_address(&app, "198.51.100.99");
    for _ in 0..=10 {
        stranger.sign_in(LEARNER, "guess").await;
    }
    let mut owner = Browser::new(&app);
    assert_eq!(owner.sign_in(LEARNER, PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
    // ...and asks for a reset link.
    let r = owner.post_form("/api/account/request_reset", &[("email", " Learner@RuralRise.test ")]).await;
    assert_eq!(r.location.as_deref(), Some("/reset"));
    assert!(owner.get("/reset").await.body.contains("If learner@ruralrise.test has a RuralRise account"));
    let letters = app.letters_to(LEARNER, 1).await;
    assert!(letters[0].contains("30 minutes"));
    let link = link_in(&letters[0], "/reset/new").expect("a reset link");
    let token = link.split("token=").nth(1).unwrap().to_owned();
    assert_eq!(count(&app.pool, "select count(*) from account_token where purpose = 'reset_password' and used_at is null").await, 1);
    let stored: Vec<u8> = sqlx::query_scalar("select token_hash from account_token").fetch_one(&app.pool).await.unwrap();
    assert_ne!(stored, token.as_bytes(), "only a hash is stored");

    assert!(owner.get(&link).await.body.contains("Type your new password"));
    let r = owner.post_form("/api/account/reset_password", &[("token", &token), ("password", "short")]).await;
    assert_eq!(r.location.as_deref(), Some(format!("/reset/new?token={token}").as_str()), "a weak password goes back to the form");
    let r = owner.post_form("/api/account/reset_password", &[("token", &token), ("password", "a brand new passphrase")]).await;
    assert_eq!(r.location.as_deref(), Some("/learn"), "signed in with the new password");
    assert_eq!(owner.get("/learn").await.status, StatusCode::OK);
    // The phone that was signed in before is signed out; the old password is dead; the link is used.
    assert_eq!(phone.get("/learn").await.location.as_deref(), Some("/signin"));
    assert_eq!(Browser::new(&app).sign_in(LEARNER, PASSWORD).await.location.as_deref(), Some("/signin"));
    assert_eq!(Browser::new(&app).sign_in(LEARNER, "a brand new passphrase").await.location.as_deref(), Some("/learn"));
    let mut replay = Browser::new(&app);
    let r = replay.post_form("/api/account/reset_password", &[("token", &token), ("password", "yet another passphrase")]).await;
    assert_eq!(r.location.as_deref(), Some("/reset"));
    assert!(replay.get("/reset").await.body.contains("expired or was already used"));
    assert_eq!(count(&app.pool, "select count(*) from audit_log where action = 'password_reset'").await, 1);
}

#[sqlx::test(migrations = "./migrations")]
async fn a_reset_request_reads_the_same_for_unknown_addresses_and_sends_nothing(pool: PgPool) {
    let app = spawn(pool).await;
    let mut known = Browser::new(&app);
    known.post_form("/api/account/request_reset", &[("email", TRAINER)]).await;
    let mut unknown = Browser::new(&app);
    unknown.post_form("/api/account/request_reset", &[("email", "nobody@ruralrise.test")]).await;
    let a = without_nonces(&known.get("/reset").await.body.replace(TRAINER, "ADDRESS"));
    let b = without_nonces(&unknown.get("/reset").await.body.replace("nobody@ruralrise.test", "ADDRESS"));
    assert_eq!(a, b);
    assert_eq!(app.letters_to(TRAINER, 1).await.len(), 1);
    assert!(app.letters_to("nobody@ruralrise.test", 1).await.is_empty());
}

#[sqlx::test(migrations = "./migrations")]
async fn expired_and_made_up_reset_links_do_nothing(pool: PgPool) {
    let app = spawn(pool).await;
    let mut b = Browser::new(&app);
    b.post_form("/api/account/request_reset", &[("email", TRAINER)]).await;
    let letters = app.letters_to(TRAINER, 1).await;
    let link = link_in(&letters[0], "/reset/new").unwrap();
    let token = link.split("token=").nth(1).unwrap().to_owned();
    sqlx::query("update account_token set created_at = now() - interval '2 hours', expires_at = now() - interval '1 minute'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert!(b.get(&link).await.body.contains("expired or was already used"));
    for t in [token.as_str(), "made-up", &"x".repeat(5000)] {
        let r = b.post_form("/api/account/reset_password", &[("token", t), ("password", "a brand new passphrase")]).await;
        assert_eq!(r.location.as_deref(), Some("/reset"), "{}", &t[..t.len().min(20)]);
    }
    assert_eq!(Browser::new(&app).sign_in(TRAINER, PASSWORD).await.location.as_deref(), Some("/train"), "password unchanged");
}

#[sqlx::test(migrations = "./migrations")]
async fn reset_and_resend_requests_are_limited_per_account(pool: PgPool) {
    use ruralrise::domain::throttle::ThrottleScope;
    let app = spawn(pool).await;
    let limit = ThrottleScope::ResetAccount.limit().max;
    for i in 0..limit {
        let mut b = Browser::from_address(&app, &format!("192.0.2.{}", 10 + i));
        assert_eq!(b.post_form("/api/account/request_reset", &[("email", TRAINER)]).await.status, StatusCode::FOUND);
    }
    let mut b = Browser::from_address(&app, "192.0.2.200");
    assert_eq!(
        b.post_form("/api/account/request_reset", &[("email", "TRAINER@ruralrise.test")]).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(app.letters_to(TRAINER, limit as usize).await.len(), limit as usize, "no more letters than allowed");
    for i in 0..ThrottleScope::VerifyAccount.limit().max {
        let mut b = Browser::from_address(&app, &format!("192.0.2.{}", 100 + i));
        assert_eq!(b.post_form("/api/account/resend_verification", &[("email", LEARNER)]).await.status, StatusCode::FOUND);
    }
    assert_eq!(b.post_form("/api/account/resend_verification", &[("email", LEARNER)]).await.status, StatusCode::TOO_MANY_REQUESTS);
}
