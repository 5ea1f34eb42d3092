//! Personal data: a learner downloads everything held about them and deletes their account by
//! anonymisation; operations does both on a learner's request; nobody else can do either.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;
use std::collections::BTreeMap;

fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut s = String::new();
            std::io::Read::read_to_string(&mut f, &mut s).unwrap();
            (f.name().unwrap().to_string(), s)
        })
        .collect()
}

/// A message from the learner's trainer, and one the learner sent back.
async fn give_messages(pool: &PgPool, learner: i64) {
    sqlx::query(
        "insert into message (sender_id, recipient_id, body)
         select c.trainer_id, $1, 'Amina, your wiring test is on Friday' from cohort_member m join cohort c using (cohort_id)
          where m.learner_id = $1 and c.trainer_id is not null limit 1",
    )
    .bind(learner)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "insert into message (sender_id, recipient_id, body)
         select $1, c.trainer_id, 'I will be there, my phone number is 0712 345 678' from cohort_member m join cohort c using (cohort_id)
          where m.learner_id = $1 and c.trainer_id is not null limit 1",
    )
    .bind(learner)
    .execute(pool)
    .await
    .unwrap();
}

#[sqlx::test(migrations = "./migrations")]
async fn a_learner_downloads_all_their_data_as_json_and_csv(pool: PgPool) {
    let app = spawn(pool).await;
    let me = user_id(&app.pool, LEARNER).await;
    give_messages(&app.pool, me).await;
    let mut learner = signed_in(&app, LEARNER).await;
    // A lesson saved on a phone, told to the server through the offline queue.
    let offline: i64 = sqlx::query_scalar(
        "select l.lesson_id from enrolment e join module m using (learning_path_id) join lesson l using (module_id)
          where e.learner_id = $1 and l.offline_available order by l.lesson_id limit 1",
    )
    .bind(me)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let action = serde_json::json!({"id": uuid::Uuid::new_v4().to_string(), "at": chrono::Utc::now().to_rfc3339(), "kind": "saved", "lesson": offline});
    let synced = learner.call_json("/api/sync/v1", &serde_json::json!({"version": 1, "actions": [action]})).await;
    assert_eq!(synced.status, StatusCode::OK, "{}", synced.body);
    let (status, headers, bytes) = learner.download("/account/data.zip", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/zip");
    assert!(headers["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"ruralrise-data-"));
    assert_eq!(headers["cache-control"], "no-store");
    let files = unzip(&bytes);
    for name in
        ["README.txt", "data.json", "profile.csv", "progress.csv", "submissions.csv", "messages.csv", "achievements.csv", "activity.csv"]
    {
        assert!(files.contains_key(name), "{name} in {:?}", files.keys());
    }
    let json: serde_json::Value = serde_json::from_str(&files["data.json"]).unwrap();
    assert_eq!(json["profile"]["email"], LEARNER);
    // Every section holds exactly the learner's rows.
    for (section, sql) in [
        ("progress", format!("select count(*) from lesson_progress where learner_id = {me}")),
        ("submissions", format!("select count(*) from submission where learner_id = {me}")),
        ("achievements", format!("select count(*) from earned_achievement where learner_id = {me}")),
        ("activity", format!("select count(*) from activity_event where user_id = {me}")),
        ("messages", format!("select count(*) from message where sender_id = {me} or recipient_id = {me}")),
        ("cohorts", format!("select count(*) from cohort_member where learner_id = {me}")),
        ("mastery", format!("select count(*) from skill_mastery where learner_id = {me}")),
        ("saved_offline", format!("select count(*) from offline_copy where learner_id = {me}")),
        ("synced", format!("select count(*) from sync_receipt where learner_id = {me}")),
    ] {
        let held = count(&app.pool, &sql).await;
        assert_eq!(json[section].as_array().unwrap().len() as i64, held, "{section}");
        let csv_rows = csv::Reader::from_reader(files[&format!("{section}.csv")].as_bytes()).records().count() as i64;
        assert_eq!(csv_rows, held, "{section}.csv");
    }
    assert!(
        count(&app.pool, &format!("select count(*) from lesson_progress where learner_id = {me}")).await > 0,
        "demo learner has progress"
    );
    assert!(count(&app.pool, &format!("select count(*) from skill_mastery where learner_id = {me}")).await > 0, "and mastery");
    assert!(files["messages.csv"].contains("0712 345 678") && files["messages.csv"].contains("received"));
    assert!(files["synced.csv"].contains("saved") && files["synced.csv"].contains("applied"), "{}", files["synced.csv"]);
    assert_eq!(json["saved_offline"][0]["lesson_id"], offline);
    // Nobody else's account is in it.
    let other_learners: Vec<String> = sqlx::query_scalar("select email from app_user where role = 'learner' and email <> $1 limit 50")
        .bind(LEARNER)
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert!(other_learners.iter().all(|e| !files["data.json"].contains(e.as_str())));
    // The download is recorded; a GET or a cross-site post gets nothing.
    let recorded = format!(
        "select count(*) from audit_log where action = 'data_exported' and actor_id = {me} and target_id = {me} and detail ->> 'by' = 'self'"
    );
    assert_eq!(count(&app.pool, &recorded).await, 1);
    assert_eq!(learner.get("/account/data.zip").await.status, StatusCode::METHOD_NOT_ALLOWED);
    let cross = learner.send(|c, base| c.post(format!("{base}/account/data.zip")).header("origin", "http://evil.test")).await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    assert!(!cross.body.contains(LEARNER));
    let (anonymous, _, body) = Browser::new(&app).download("/account/data.zip", &[]).await;
    assert_eq!((anonymous, body.len()), (StatusCode::UNAUTHORIZED, 0));
    // A browser whose session ran out gets a page that says to sign in, not an empty screen.
    let page = Browser::new(&app).post_form("/account/data.zip", &[]).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(page.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(page.body.contains("href=\"/signin\"") && !page.body.contains(LEARNER), "{}", page.body);
    assert_eq!(count(&app.pool, &recorded).await, 1);
}

#[sqlx::test(migrations = "./migrations")]
async fn only_operations_downloads_someone_elses_data(pool: PgPool) {
    let app = spawn(pool).await;
    let learner_id = user_id(&app.pool, LEARNER).await;
    let path = format!("/ops/accounts/{learner_id}/data.zip");
    let mut ops = signed_in(&app, OPS).await;
    let (status, _, bytes) = ops.download(&path, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&unzip(&bytes)["data.json"]).unwrap();
    assert_eq!(json["profile"]["email"], LEARNER);
    let ops_id = user_id(&app.pool, OPS).await;
    let recorded = format!(
        "select count(*) from audit_log where action = 'data_exported' and actor_id = {ops_id} and target_id = {learner_id} and detail ->> 'by' = 'operations'"
    );
    assert_eq!(count(&app.pool, &recorded).await, 1);
    assert_eq!(ops.download("/ops/accounts/999999999/data.zip", &[]).await.0, StatusCode::NOT_FOUND);
    for who in [TRAINER, "learner000002@ruralrise.test"] {
        let mut b = signed_in(&app, who).await;
        let (status, _, body) = b.download(&path, &[]).await;
        assert_eq!((status, body.len()), (StatusCode::FORBIDDEN, 0), "{who}");
    }
    let mut learner = signed_in(&app, LEARNER).await;
    assert_eq!(learner.download(&path, &[]).await.0, StatusCode::FORBIDDEN, "not even for one's own id");
    assert_eq!(count(&app.pool, "select count(*) from audit_log where action = 'data_exported'").await, 1);
}

#[sqlx::test(migrations = "./migrations")]
async fn deleting_an_account_erases_the_person_and_keeps_anonymous_records(pool: PgPool) {
    let app = spawn(pool).await;
    let me = user_id(&app.pool, LEARNER).await;
    give_messages(&app.pool, me).await;
    // A failed sign-in from the learner's phone leaves their e-mail and address in the log.
    let mut phone = Browser::from_address(&app, "198.51.100.23");
    phone.sign_in(LEARNER, "not my password").await;
    let mut learner = signed_in(&app, LEARNER).await;
    let mut other_device = signed_in(&app, LEARNER).await;
    let progress_before = count(&app.pool, &format!("select count(*) from lesson_progress where learner_id = {me}")).await;
    let graded_before = count(&app.pool, &format!("select count(*) from submission where learner_id = {me} and status <> 'pending'")).await;

    // Without the box ticked nothing happens, and the page says why.
    let r = learner.post_form("/api/account/delete_account", &[]).await;
    assert_eq!(r.location.as_deref(), Some("/account#delete-heading"));
    let page = learner.get("/account").await.body;
    assert!(page.contains("Tick the box to confirm"), "{page}");
    assert_eq!(count(&app.pool, &format!("select count(*) from app_user where user_id = {me} and anonymised_at is null")).await, 1);

    let r = learner.post_form("/api/account/delete_account", &[("confirm", "yes")]).await;
    assert_eq!(r.location.as_deref(), Some("/signin"));
    assert!(learner.get("/signin").await.body.contains("Your account was deleted"));
    // Signed out here and everywhere.
    assert_eq!(learner.get("/learn").await.location.as_deref(), Some("/signin"));
    assert_eq!(other_device.get("/learn").await.location.as_deref(), Some("/signin"));
    // The person is gone from every place that named or reached them...
    for sql in [
        "select count(*) from app_user where email = 'learner@ruralrise.test'",
        "select count(*) from profile where user_id = {me} and display_name <> 'Deleted learner'",
        "select count(*) from user_session where user_id = {me}",
        "select count(*) from account_token where user_id = {me}",
        "select count(*) from learner_pin where learner_id = {me}",
        "select count(*) from message where sender_id = {me} or recipient_id = {me}",
        "select count(*) from submission where learner_id = {me} and (answers <> '[]'::jsonb or feedback is not null or status = 'pending')",
        "select count(*) from audit_log where detail::text ilike '%learner@ruralrise.test%' or detail::text like '%198.51.100.23%'",
        "select count(*) from throttle_counter where subject ilike 'learner@ruralrise.test'",
    ] {
        assert_eq!(count(&app.pool, &sql.replace("{me}", &me.to_string())).await, 0, "{sql}");
    }
    // ...while learning records still count, anonymously.
    assert_eq!(count(&app.pool, &format!("select count(*) from lesson_progress where learner_id = {me}")).await, progress_before);
    assert_eq!(count(&app.pool, &format!("select count(*) from submission where learner_id = {me}")).await, graded_before);
    // The old password opens nothing; the deletion is audited with counts, not personal values.
    let mut again = Browser::new(&app);
    assert_eq!(again.sign_in(LEARNER, PASSWORD).await.location.as_deref(), Some("/signin"));
    let detail: serde_json::Value =
        sqlx::query_scalar("select detail from audit_log where action = 'account_anonymised' and actor_id = $1 and target_id = $1")
            .bind(me)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(detail["by"], "self");
    assert_eq!(detail["erased"]["messages"], 2);
    assert_eq!(count(&app.pool, "select count(*) from audit_log where detail ->> 'redacted' = 'true'").await, 1);
    // The log still refuses every change but that redaction.
    for sql in [
        "update audit_log set action = 'x' where action = 'account_anonymised'",
        "update audit_log set detail = '{}' where detail ->> 'redacted' = 'true'",
        "delete from audit_log where action = 'account_anonymised'",
    ] {
        assert!(sqlx::query(sql).execute(&app.pool).await.is_err(), "{sql}");
    }
    // Nothing is left to download, and the account cannot be re-enabled.
    let mut ops = signed_in(&app, OPS).await;
    assert_eq!(ops.download(&format!("/ops/accounts/{me}/data.zip"), &[]).await.0, StatusCode::NOT_FOUND);
    let gone = ops.post_form(&format!("/ops/accounts/{me}/data.zip"), &[]).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert!(gone.body.contains("<h1>") && gone.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    ops.post_form("/api/ops/set_account_status", &[("user_id", &me.to_string()), ("enabled", "true")]).await;
    assert!(ops.get("/ops/accounts").await.body.contains("No account has this e-mail address any more"));
    assert_eq!(count(&app.pool, &format!("select count(*) from app_user where user_id = {me} and status = 'active'")).await, 0);
}

#[sqlx::test(migrations = "./migrations")]
async fn operations_deletes_a_learner_on_request_but_never_staff(pool: PgPool) {
    let app = spawn(pool).await;
    let learner_id = user_id(&app.pool, LEARNER).await.to_string();
    let trainer_id = user_id(&app.pool, TRAINER).await.to_string();
    let mut ops = signed_in(&app, OPS).await;
    let page = ops.get("/ops/accounts?email=learner%40ruralrise.test").await.body;
    assert!(page.contains(&format!("action=\"/ops/accounts/{learner_id}/data.zip\"")) && page.contains("Delete this account"));
    let staff = ops.get("/ops/accounts?email=trainer%40ruralrise.test").await.body;
    assert!(!staff.contains("Delete this account"), "no erase button for staff");

    // Others cannot use it at all.
    let mut learner = signed_in(&app, LEARNER).await;
    let r = learner.call("/api/ops/anonymise_account", &[("user_id", &learner_id), ("confirm", "yes")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!r.body.contains(LEARNER));

    let r = ops.post_form("/api/ops/anonymise_account", &[("user_id", &learner_id)]).await;
    assert_eq!(r.location.as_deref(), Some("/ops/accounts?email=learner%40ruralrise.test"));
    assert!(ops.get(r.location.as_deref().unwrap()).await.body.contains("Tick the box to confirm"));
    ops.post_form("/api/ops/anonymise_account", &[("user_id", &trainer_id), ("confirm", "yes")]).await;
    assert!(ops.get("/ops/accounts").await.body.contains("Only learner accounts can be deleted this way"));
    assert_eq!(count(&app.pool, "select count(*) from app_user where anonymised_at is not null").await, 0);

    let r = ops.post_form("/api/ops/anonymise_account", &[("user_id", &learner_id), ("confirm", "yes")]).await;
    assert_eq!(r.location.as_deref(), Some("/ops/accounts"));
    assert!(ops.get("/ops/accounts").await.body.contains("The account was deleted"));
    assert_eq!(learner.get("/learn").await.location.as_deref(), Some("/signin"), "the learner's session ended");
    let ops_id = user_id(&app.pool, OPS).await;
    let audited = format!(
        "select count(*) from audit_log where action = 'account_anonymised' and actor_id = {ops_id} and target_id = {learner_id} and detail ->> 'by' = 'operations'"
    );
    assert_eq!(count(&app.pool, &audited).await, 1);
    // A second request finds nothing to erase.
    ops.post_form("/api/ops/anonymise_account", &[("user_id", &learner_id), ("confirm", "yes")]).await;
    assert!(ops.get("/ops/accounts").await.body.contains("No account has this e-mail address any more"));
}
