//! Picture-and-PIN sign-in: a trainer makes a cohort's code and gives a learner a PIN; the
//! learner signs in through the code only; wrong PINs lock it until the trainer sets a new one;
//! parallel guesses get no more tries; nobody else manages the cohort's PINs.

use crate::common::*;
use reqwest::StatusCode;
use ruralrise::domain::pin::PIN_MAX_FAILURES;
use sqlx::PgPool;

/// The demo trainer's first cohort and one learner in it.
async fn cohort_and_member(pool: &PgPool) -> (i64, i64, String) {
    sqlx::query_as(
        "select c.cohort_id, cm.learner_id, p.display_name
           from cohort c join app_user t on t.user_id = c.trainer_id
           join cohort_member cm using (cohort_id) join profile p on p.user_id = cm.learner_id
          where t.email = 'trainer@ruralrise.test' and c.status <> 'cancelled'
          order by c.cohort_id, cm.learner_id limit 1",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn code_of(pool: &PgPool, cohort: i64) -> String {
    sqlx::query_scalar("select sign_in_code from cohort where cohort_id = $1").bind(cohort).fetch_one(pool).await.unwrap()
}

/// The trainer makes the cohort's code and sets `pin` for the learner; returns the code.
async fn set_up(app: &TestApp, trainer: &mut Browser, cohort: i64, learner: i64, pin: &str) -> String {
    let page = format!("/train/cohorts/{cohort}/pins");
    let r = trainer.post_form("/api/trainer/new_sign_in_code", &[("cohort", &cohort.to_string())]).await;
    assert_eq!(r.location.as_deref(), Some(page.as_str()));
    let r = trainer
        .post_form(
            "/api/trainer/set_pin",
            &[("cohort", &cohort.to_string()), ("learner", &learner.to_string()), ("pin", pin), ("picture", "goat")],
        )
        .await;
    assert_eq!(r.location.as_deref(), Some(page.as_str()));
    code_of(&app.pool, cohort).await
}

fn pin_form<'a>(code: &'a str, learner: &'a str, pin: &'a str) -> [(&'static str, &'a str); 3] {
    [("code", code), ("learner", learner), ("pin", pin)]
}

#[sqlx::test(migrations = "./migrations")]
async fn a_learner_signs_in_with_picture_and_pin_through_the_cohort_code(pool: PgPool) {
    let app = spawn(pool).await;
    let (cohort, learner, name) = cohort_and_member(&app.pool).await;
    let mut trainer = signed_in(&app, TRAINER).await;
    let code = set_up(&app, &mut trainer, cohort, learner, "4829").await;
    let roster = trainer.get(&format!("/train/cohorts/{cohort}/pins")).await.body;
    assert!(roster.contains("has a new PIN") && roster.contains(&format!("/pin/{code}")), "{roster}");

    let mut phone = Browser::new(&app);
    // Typed by hand, in lower case with a space, the code still leads to the class page.
    let typed = format!("{} {}", code[..4].to_lowercase(), &code[4..]);
    let r = phone.post_form("/api/account/pin_code", &[("code", &typed)]).await;
    assert_eq!(r.location.as_deref(), Some(format!("/pin/{code}").as_str()));
    let page = phone.get(&format!("/pin/{code}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&name) && page.body.contains("🐐") && page.body.contains("Goat"), "{}", page.body);
    assert!(!page.body.contains("@ruralrise.test"), "the shared page shows names, never addresses");

    let r = phone.post_form("/api/account/pin_sign_in", &pin_form(&code, &learner.to_string(), "48 29")).await;
    assert_eq!(r.location.as_deref(), Some("/learn"));
    assert_eq!(phone.get("/learn").await.status, StatusCode::OK);
    let audited = count(
        &app.pool,
        &format!("select count(*) from audit_log where action = 'sign_in' and target_id = {learner} and detail->>'method' = 'pin'"),
    )
    .await;
    assert_eq!(audited, 1);
    let set = count(&app.pool, &format!("select count(*) from audit_log where action = 'pin_set' and target_id = {learner}")).await;
    assert_eq!(set, 1);
}

#[sqlx::test(migrations = "./migrations")]
async fn wrong_pins_lock_until_the_trainer_sets_a_new_one(pool: PgPool) {
    let app = spawn(pool).await;
    let (cohort, learner, _) = cohort_and_member(&app.pool).await;
    let mut trainer = signed_in(&app, TRAINER).await;
    let code = set_up(&app, &mut trainer, cohort, learner, "4829").await;
    let id = learner.to_string();
    let mut phone = Browser::new(&app);
    for n in 1..PIN_MAX_FAILURES {
        let r = phone.post_form("/api/account/pin_sign_in", &pin_form(&code, &id, "9517")).await;
        assert_eq!(r.location.as_deref(), Some(format!("/pin/{code}").as_str()));
        let left = PIN_MAX_FAILURES - n;
        let page = phone.get(&format!("/pin/{code}")).await.body;
        let word = if left == 1 { "try" } else { "tries" };
        assert!(page.contains(&format!("That PIN is not right. {left} more {word} before it locks.")), "{page}");
        assert!(page.contains(&format!("value=\"{id}\" checked")), "the learner stays picked");
    }
    let r = phone.post_form("/api/account/pin_sign_in", &pin_form(&code, &id, "9517")).await;
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
    let page = phone.get(&format!("/pin/{code}")).await.body;
    assert!(page.contains("This PIN is locked"), "{page}");
    // Even the right PIN no longer opens it.
    phone.post_form("/api/account/pin_sign_in", &pin_form(&code, &id, "4829")).await;
    assert!(phone.get(&format!("/pin/{code}")).await.body.contains("This PIN is locked"));
    assert_eq!(phone.get("/learn").await.location.as_deref(), Some("/signin"));
    // Nobody picked (the browser then sends no `learner` field): asked to pick, not a bad request.
    let r = phone.post_form("/api/account/pin_sign_in", &[("code", code.as_str()), ("pin", "4829")]).await;
    assert_eq!(r.location.as_deref(), Some(format!("/pin/{code}").as_str()));
    assert!(phone.get(&format!("/pin/{code}")).await.body.contains("Tap your picture or your name first."));
    let roster = trainer.get(&format!("/train/cohorts/{cohort}/pins")).await.body;
    assert!(roster.contains("Locked"), "the trainer sees the lock");

    trainer
        .post_form("/api/trainer/set_pin", &[("cohort", &cohort.to_string()), ("learner", &id), ("pin", "7305"), ("picture", "drum")])
        .await;
    // The new PIN starts afresh: the tries spent on the old one do not count against it.
    let r = phone.post_form("/api/account/pin_sign_in", &pin_form(&code, &id, "7305")).await;
    assert_eq!(r.location.as_deref(), Some("/learn"));
}

#[sqlx::test(migrations = "./migrations")]
async fn parallel_pin_guesses_get_only_the_learners_tries(pool: PgPool) {
    let app = spawn(pool).await;
    let (cohort, learner, _) = cohort_and_member(&app.pool).await;
    let mut trainer = signed_in(&app, TRAINER).await;
    let code = set_up(&app, &mut trainer, cohort, learner, "4829").await;
    let mut tasks = Vec::new();
    for i in 0..30 {
        let mut b = Browser::from_address(&app, &format!("198.51.100.{}", 10 + i));
        let (code, id) = (code.clone(), learner.to_string());
        let pin = if i == 29 { "4829".to_owned() } else { format!("{:04}", 5000 + i * 7) };
        tasks.push(tokio::spawn(async move { b.post_form("/api/account/pin_sign_in", &pin_form(&code, &id, &pin)).await.status }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let checked = statuses.iter().filter(|s| **s != StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!(checked, PIN_MAX_FAILURES as usize, "{statuses:?}");
    let failures = count(&app.pool, "select count(*) from audit_log where action = 'pin_sign_in_failed'").await;
    assert!(failures <= PIN_MAX_FAILURES as i64);
}

#[sqlx::test(migrations = "./migrations")]
async fn a_pin_works_only_through_its_own_cohorts_current_code(pool: PgPool) {
    let app = spawn(pool).await;
    let (cohort, learner, _) = cohort_and_member(&app.pool).await;
    let mut trainer = signed_in(&app, TRAINER).await;
    let old = set_up(&app, &mut trainer, cohort, learner, "4829").await;
    trainer.post_form("/api/trainer/new_sign_in_code", &[("cohort", &cohort.to_string())]).await;
    let new = code_of(&app.pool, cohort).await;
    assert_ne!(old, new);
    let mut phone = Browser::new(&app);
    assert_eq!(phone.get(&format!("/pin/{old}")).await.status, StatusCode::NOT_FOUND, "the replaced code opens nothing");
    let r = phone.post_form("/api/account/pin_code", &[("code", &old)]).await;
    assert_eq!(r.location.as_deref(), Some("/pin"));
    assert!(phone.get("/pin").await.body.contains("No class has this sign-in code"));
    phone.post_form("/api/account/pin_sign_in", &pin_form(&old, &learner.to_string(), "4829")).await;
    assert_eq!(phone.get("/learn").await.location.as_deref(), Some("/signin"));
    // Another cohort's code does not open this cohort's PIN either.
    let other: i64 = sqlx::query_scalar("select cohort_id from cohort where cohort_id <> $1 and status <> 'cancelled' limit 1")
        .bind(cohort)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    sqlx::query("update cohort set sign_in_code = 'ACDEFGHJ' where cohort_id = $1").bind(other).execute(&app.pool).await.unwrap();
    let other_code = code_of(&app.pool, other).await;
    let r = phone.post_form("/api/account/pin_sign_in", &pin_form(&other_code, &learner.to_string(), "4829")).await;
    assert_eq!(r.location.as_deref(), Some(format!("/pin/{other_code}").as_str()));
    assert_eq!(phone.get("/learn").await.location.as_deref(), Some("/signin"));
    // The learner's password still works as before: a PIN adds a way in, it changes no other.
    assert_eq!(
        phone.post_form("/api/account/pin_sign_in", &pin_form(&new, &learner.to_string(), "4829")).await.location.as_deref(),
        Some("/learn")
    );
    // An archived cohort's code opens nothing any more.
    sqlx::query("update cohort set status = 'archived' where cohort_id = $1").bind(cohort).execute(&app.pool).await.unwrap();
    let mut later = Browser::new(&app);
    assert_eq!(later.get(&format!("/pin/{new}")).await.status, StatusCode::NOT_FOUND);
    let r = later.post_form("/api/account/pin_sign_in", &pin_form(&new, &learner.to_string(), "4829")).await;
    assert_ne!(r.location.as_deref(), Some("/learn"));
}

#[sqlx::test(migrations = "./migrations")]
async fn only_the_cohorts_trainer_sets_pins_and_only_for_its_learners(pool: PgPool) {
    let app = spawn(pool).await;
    let (cohort, learner, _) = cohort_and_member(&app.pool).await;
    let form = |learner: i64, pin: &str| {
        vec![
            ("cohort".to_owned(), cohort.to_string()),
            ("learner".to_owned(), learner.to_string()),
            ("pin".to_owned(), pin.to_owned()),
            ("picture".to_owned(), "sun".to_owned()),
        ]
    };
    let borrow = |f: &Vec<(String, String)>| f.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>();
    // Another trainer, a learner, operations and a stranger are all refused, and nothing is stored.
    let other_trainer: String = sqlx::query_scalar(
        "select u.email from app_user u where u.role = 'trainer' and u.email <> 'trainer@ruralrise.test' order by u.user_id limit 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    for (who, mut b, status) in [
        ("another trainer", signed_in(&app, &other_trainer).await, StatusCode::FORBIDDEN),
        ("a learner", signed_in(&app, LEARNER).await, StatusCode::FORBIDDEN),
        ("operations", signed_in(&app, OPS).await, StatusCode::FORBIDDEN),
        ("a stranger", Browser::new(&app), StatusCode::UNAUTHORIZED),
    ] {
        let fields = borrow(&form(learner, "4829"));
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(b.call("/api/trainer/set_pin", &pairs).await.status, status, "{who}");
        let page = b.get(&format!("/train/cohorts/{cohort}/pins")).await;
        assert!(!page.body.contains("@ruralrise.test"), "{who} sees no member of the cohort");
    }
    assert_eq!(count(&app.pool, "select count(*) from learner_pin").await, 0);

    let mut trainer = signed_in(&app, TRAINER).await;
    // A guessable PIN is refused with words, and nothing is stored.
    let fields = form(learner, "1234");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    trainer.post_form("/api/trainer/set_pin", &pairs).await;
    let page = trainer.get(&format!("/train/cohorts/{cohort}/pins")).await.body;
    assert!(page.contains("Choose a PIN that is harder to guess"), "{page}");
    assert_eq!(count(&app.pool, "select count(*) from learner_pin").await, 0);
    // Someone outside the cohort (here: the operations account) cannot be given one.
    let ops_id: i64 =
        sqlx::query_scalar("select user_id from app_user where email = 'ops@ruralrise.test'").fetch_one(&app.pool).await.unwrap();
    let fields = form(ops_id, "4829");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    trainer.post_form("/api/trainer/set_pin", &pairs).await;
    assert!(trainer.get(&format!("/train/cohorts/{cohort}/pins")).await.body.contains("not in this cohort"));
    assert_eq!(count(&app.pool, "select count(*) from learner_pin").await, 0);
    // An unknown picture is a bad request, not a server fault.
    let r = trainer
        .post_form(
            "/api/trainer/set_pin",
            &[("cohort", &cohort.to_string()), ("learner", &learner.to_string()), ("pin", "4829"), ("picture", "dragon")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[sqlx::test(migrations = "./migrations")]
async fn a_signed_in_user_changes_their_password_and_other_sessions_end(pool: PgPool) {
    let app = spawn(pool).await;
    let mut other = signed_in(&app, LEARNER).await;
    let mut here = signed_in(&app, LEARNER).await;
    let new = "a brand new sentence";
    // The wrong current password changes nothing.
    let r = here.post_form("/api/account/change_password", &[("current_password", "not it at all"), ("password", new)]).await;
    assert_eq!(r.location.as_deref(), Some("/account"));
    assert!(here.get("/account").await.body.contains("That is not your current password"));
    // A too-short new one is refused before anything is checked.
    here.post_form("/api/account/change_password", &[("current_password", PASSWORD), ("password", "short")]).await;
    assert!(here.get("/account").await.body.contains("Use at least"));
    assert_eq!(Browser::new(&app).sign_in(LEARNER, PASSWORD).await.location.as_deref(), Some("/learn"));

    here.post_form("/api/account/change_password", &[("current_password", PASSWORD), ("password", new)]).await;
    assert!(here.get("/account").await.body.contains("Your password is changed."));
    assert_eq!(here.get("/learn").await.status, StatusCode::OK, "this session stays");
    assert_eq!(other.get("/learn").await.location.as_deref(), Some("/signin"), "the others end");
    let mut fresh = Browser::new(&app);
    assert_eq!(fresh.sign_in(LEARNER, PASSWORD).await.location.as_deref(), Some("/signin"));
    assert_eq!(fresh.sign_in(LEARNER, new).await.location.as_deref(), Some("/learn"));
    assert_eq!(count(&app.pool, "select count(*) from audit_log where action = 'password_changed'").await, 1);
    // Nobody signed out can call it.
    let r = Browser::new(&app).call("/api/account/change_password", &[("current_password", new), ("password", "whatever it is now")]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
