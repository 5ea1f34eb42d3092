//! Learners at risk and following them up: scores made from behaviour and rescored on new
//! evidence, the list with its reasons in words, "not useful", interventions with what the learner
//! did after them, and messages that reach the learner's inbox escaped. Other people change nothing.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

/// A learner in the demo trainer's cohort: (cohort, learner).
async fn member(pool: &PgPool) -> (i64, i64) {
    sqlx::query_as(
        "select c.cohort_id, cm.learner_id from cohort c join app_user t on t.user_id = c.trainer_id join cohort_member cm using (cohort_id)
          join app_user u on u.user_id = cm.learner_id
          where t.email = $1 and u.email = $2",
    )
    .bind(TRAINER)
    .bind(LEARNER)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn list_at_risk(pool: &PgPool, learner: i64, score: f32) {
    sqlx::query(
        r#"update learner_risk set at_risk = true, score = $2, week_ago = 0.3, reasons = '["idle_days", "goals_missed"]',
                  features = '{"idle_days": 9, "minutes": [0, 30, 150], "weekly_goal": 120, "overdue": 2, "resubmissions": 0}'
            where learner_id = $1"#,
    )
    .bind(learner)
    .bind(score)
    .execute(pool)
    .await
    .unwrap();
}

#[sqlx::test(migrations = "./migrations")]
async fn every_learner_in_a_running_cohort_is_scored_and_new_evidence_rescored(pool: PgPool) {
    let app = spawn(pool).await;
    let scored = count(&app.pool, "select count(*) from learner_risk").await;
    let eligible = count(
        &app.pool,
        "select count(distinct cm.learner_id) from cohort_member cm join cohort c using (cohort_id) join app_user u on u.user_id = cm.learner_id
          where c.status = 'active' and u.status = 'active'
            and not exists (select 1 from enrolment e where e.learner_id = cm.learner_id and e.learning_path_id = c.learning_path_id
                              and e.completed_at is not null)",
    )
    .await;
    assert!(scored > 0 && scored == eligible, "{scored} scored of {eligible}");
    let model: String =
        sqlx::query_scalar("select version from risk_model order by fitted_at desc limit 1").fetch_one(&app.pool).await.unwrap();
    assert_eq!(model, "risk-defaults-1", "twelve learners are too thin a history to fit on");

    let (_, learner) = member(&app.pool).await;
    sqlx::query("update learner_risk set computed_at = now() - interval '1 hour' where learner_id = $1")
        .bind(learner)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("insert into activity_event (user_id, kind, minutes) values ($1, 'lesson_started', 5)")
        .bind(learner)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(count(&app.pool, &format!("select count(*) from learner_risk_due where learner_id = {learner}")).await, 1, "marked due");
    let done = ruralrise::server::risk::run_due(&app.pool).await.unwrap();
    assert!(done >= 1);
    let fresh = count(
        &app.pool,
        &format!("select count(*) from learner_risk where learner_id = {learner} and computed_at > now() - interval '1 minute'"),
    )
    .await;
    assert_eq!(fresh, 1, "rescored");
    assert_eq!(count(&app.pool, "select count(*) from learner_risk_due").await, 0);
}

#[sqlx::test(migrations = "./migrations")]
async fn the_at_risk_list_explains_and_takes_not_useful(pool: PgPool) {
    let app = spawn(pool).await;
    let (cohort, learner) = member(&app.pool).await;
    sqlx::query("update learner_risk set at_risk = false").execute(&app.pool).await.unwrap();
    let mut trainer = signed_in(&app, TRAINER).await;
    let empty = trainer.get("/train/at-risk").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("Nobody is at risk here right now"), "{}", empty.body);

    list_at_risk(&app.pool, learner, 0.8).await;
    let page = trainer.get(&format!("/train/at-risk?cohort={cohort}")).await.body;
    assert!(page.contains(&format!(r#"data-learner="{learner}""#)), "{page}");
    assert!(page.contains("No learning for 9 days"), "reason in words: {page}");
    assert!(page.contains("Missed the weekly goal (120 min) in 2 of the last 3 weeks"), "{page}");
    assert!(page.contains("up from 30% a week ago"), "trend: {page}");
    assert!(page.contains("idle_days") || page.contains("Days since the last learning"), "weights shown");
    let console = trainer.get("/train").await.body;
    assert!(console.contains(&format!(r#"href="/train/at-risk?cohort={cohort}""#)), "count per cohort links the list");

    // Another trainer cannot mark it; the mark is recorded with its score and audited.
    let mut other = signed_in(&app, "trainer02@ruralrise.test").await;
    let r = other.post_form("/api/trainer/dismiss_risk", &[("learner", &learner.to_string())]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(count(&app.pool, "select count(*) from risk_dismissal").await, 0);
    let r = trainer.post_form("/api/trainer/dismiss_risk", &[("learner", &learner.to_string())]).await;
    assert_eq!(r.location.as_deref(), Some("/train/at-risk"));
    let after = trainer.get("/train/at-risk").await.body;
    assert!(
        after.contains("leaves the list unless their risk rises") && !after.contains(&format!(r#"data-learner="{learner}""#)),
        "{after}"
    );
    assert_eq!(count(&app.pool, "select count(*) from risk_dismissal where abs(score - 0.8) < 0.001").await, 1);
    // Risen by a tenth: back on the list.
    list_at_risk(&app.pool, learner, 0.95).await;
    assert!(trainer.get("/train/at-risk").await.body.contains(&format!(r#"data-learner="{learner}""#)));
    // Not listed any more: nothing to mark.
    sqlx::query("update learner_risk set at_risk = false where learner_id = $1").bind(learner).execute(&app.pool).await.unwrap();
    trainer.post_form("/api/trainer/dismiss_risk", &[("learner", &learner.to_string())]).await;
    assert!(trainer.get("/train/at-risk").await.body.contains("no longer on the at-risk list"));
}

#[sqlx::test(migrations = "./migrations")]
async fn a_message_reaches_the_learner_escaped_and_is_read(pool: PgPool) {
    let app = spawn(pool).await;
    let (cohort, learner) = member(&app.pool).await;
    let id = learner.to_string();
    let mut trainer = signed_in(&app, TRAINER).await;
    let mut learner_browser = signed_in(&app, LEARNER).await;
    let before = count(&app.pool, &format!("select count(*) from message where recipient_id = {learner}")).await;

    // Refused: empty, too long (kept as typed), another trainer, the learner themself.
    let r = trainer.post_form("/api/trainer/send_message", &[("learner", &id), ("body", "   ")]).await;
    assert_eq!(r.location.as_deref(), Some(format!("/train/learners/{learner}#messages").as_str()));
    assert!(trainer.get(&format!("/train/learners/{learner}")).await.body.contains("Write something here first"));
    let long = "a".repeat(2001);
    trainer.post_form("/api/trainer/send_message", &[("learner", &id), ("body", &long)]).await;
    let page = trainer.get(&format!("/train/learners/{learner}")).await.body;
    assert!(page.contains("This is too long") && page.contains(&long), "what was typed comes back");
    let mut other = signed_in(&app, "trainer02@ruralrise.test").await;
    assert_eq!(other.post_form("/api/trainer/send_message", &[("learner", &id), ("body", "hi")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(other.get(&format!("/train/learners/{learner}")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        learner_browser.post_form("/api/trainer/send_message", &[("learner", &id), ("body", "hi")]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(count(&app.pool, &format!("select count(*) from message where recipient_id = {learner}")).await, before);

    let body = "Come back Monday <script>alert(1)</script>";
    trainer.post_form("/api/trainer/send_message", &[("learner", &id), ("body", body)]).await;
    let dash = learner_browser.get("/learn").await.body;
    assert!(dash.contains("new)"), "unread count in the header: {dash}");
    let inbox = learner_browser.get("/learn/inbox").await.body;
    assert!(inbox.contains("Come back Monday &lt;script&gt;alert(1)&lt;/script&gt;") && !inbox.contains("<script>alert(1)"), "{inbox}");
    assert!(learner_browser.get("/learn/inbox").await.body.contains("New"), "opening the inbox changes nothing");
    learner_browser.post_form("/api/learner/mark_inbox_read", &[]).await;
    let read = learner_browser.get("/learn/inbox").await.body;
    assert!(read.contains("All messages are marked as read") && read.contains("0 unread messages"), "{read}");
    assert!(trainer.get(&format!("/train/learners/{learner}")).await.body.contains("read"));

    // A group: nobody at risk → nothing sent; everyone → one each.
    sqlx::query("update learner_risk set at_risk = false").execute(&app.pool).await.unwrap();
    let c = cohort.to_string();
    trainer.post_form("/api/trainer/send_group_message", &[("cohort", &c), ("group", "at_risk"), ("body", "Hello")]).await;
    assert!(trainer.get(&format!("/train/at-risk?cohort={cohort}")).await.body.contains("Nobody is in that group right now"));
    let members = count(&app.pool, &format!("select count(*) from cohort_member where cohort_id = {cohort}")).await;
    let sent_before = count(&app.pool, "select count(*) from message where body = 'Session at ten'").await;
    trainer.post_form("/api/trainer/send_group_message", &[("cohort", &c), ("group", "everyone"), ("body", "Session at ten")]).await;
    assert_eq!(count(&app.pool, "select count(*) from message where body = 'Session at ten'").await - sent_before, members);
    assert_eq!(
        other.post_form("/api/trainer/send_group_message", &[("cohort", &c), ("group", "everyone"), ("body", "x")]).await.status,
        StatusCode::FORBIDDEN
    );
}

#[sqlx::test(migrations = "./migrations")]
async fn an_intervention_is_recorded_closed_and_shows_whether_the_learner_came_back(pool: PgPool) {
    let app = spawn(pool).await;
    let (_, learner) = member(&app.pool).await;
    let id = learner.to_string();
    let mut trainer = signed_in(&app, TRAINER).await;
    let page = format!("/train/learners/{learner}");

    trainer
        .post_form("/api/trainer/record_intervention", &[("learner", &id), ("kind", "call"), ("note", "Call"), ("due_on", "2020-01-01")])
        .await;
    assert!(trainer.get(&page).await.body.contains("That date has passed"));
    trainer
        .post_form("/api/trainer/record_intervention", &[("learner", &id), ("kind", "teleport"), ("note", "Call"), ("due_on", "")])
        .await;
    assert!(trainer.get(&page).await.body.contains("Choose what kind of intervention"));
    assert_eq!(
        count(&app.pool, &format!("select count(*) from intervention where learner_id = {learner} and status = 'planned'")).await,
        0
    );

    let due = (chrono::Utc::now().date_naive() + chrono::Duration::days(3)).to_string();
    trainer
        .post_form("/api/trainer/record_intervention", &[("learner", &id), ("kind", "visit"), ("note", "Visit the farm"), ("due_on", &due)])
        .await;
    let (iid, status): (i64, String) =
        sqlx::query_as("select intervention_id, status::text from intervention where learner_id = $1 and note = 'Visit the farm'")
            .bind(learner)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(status, "planned");
    let body = trainer.get(&page).await.body;
    assert!(body.contains("Intervention recorded") && body.contains("No learning since"), "{body}");
    sqlx::query("insert into activity_event (user_id, kind, minutes) values ($1, 'lesson_started', 5)")
        .bind(learner)
        .execute(&app.pool)
        .await
        .unwrap();
    assert!(trainer.get(&page).await.body.contains("Came back"), "later activity shown beside it");

    let i = iid.to_string();
    trainer.post_form("/api/trainer/complete_intervention", &[("learner", &id), ("intervention", &i), ("outcome", "")]).await;
    assert!(trainer.get(&page).await.body.contains("Write something here first"));
    trainer.post_form("/api/trainer/complete_intervention", &[("learner", &id), ("intervention", &i), ("outcome", "Back next week")]).await;
    let done: String = sqlx::query_scalar("select status::text from intervention where intervention_id = $1")
        .bind(iid)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(done, "done");
    trainer.post_form("/api/trainer/complete_intervention", &[("learner", &id), ("intervention", &i), ("outcome", "Again")]).await;
    assert!(trainer.get(&page).await.body.contains("not open any more"));
    let mut other = signed_in(&app, "trainer02@ruralrise.test").await;
    let r = other.post_form("/api/trainer/record_intervention", &[("learner", &id), ("kind", "call"), ("note", "x"), ("due_on", "")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        count(&app.pool, "select count(*) from audit_log where action in ('intervention_recorded', 'intervention_completed')").await,
        2
    );
}

#[sqlx::test(migrations = "./migrations")]
async fn the_performance_page_counts_turnaround_agreement_and_recoveries(pool: PgPool) {
    let app = spawn(pool).await;
    let (_, learner) = member(&app.pool).await;
    let trainer_id = user_id(&app.pool, TRAINER).await;
    let mut trainer = signed_in(&app, TRAINER).await;
    let empty = trainer.get("/train/performance").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("No intervention is 14 days old yet"), "{}", empty.body);

    agreeing_prescore(&app.pool, trainer_id).await;
    // An intervention three weeks ago, followed by learning a few days later.
    sqlx::query("insert into intervention (learner_id, trainer_id, kind, note, created_at) values ($1, $2, 'call', 'x', now() - interval '21 days')")
        .bind(learner)
        .bind(trainer_id)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query(
        "insert into activity_event (user_id, kind, minutes, occurred_at) values ($1, 'lesson_started', 5, now() - interval '18 days')",
    )
    .bind(learner)
    .execute(&app.pool)
    .await
    .unwrap();
    let page = trainer.get("/train/performance").await.body;
    let graded = count(&app.pool, &format!("select count(*) from submission where graded_by = {trainer_id} and status <> 'pending' and graded_at > now() - interval '90 days'")).await;
    assert!(page.contains(&format!(r#"<dd id="graded-count">{graded}</dd>"#)), "{page}");
    let overall = page.split(r#"id="agreement-overall""#).nth(1).expect("overall agreement row");
    assert!(overall.contains("100%"), "same levels everywhere: {overall}");
    assert!(page.contains("1 of 1 learners learned again within 14 days"), "{page}");
    let mut learner_browser = signed_in(&app, LEARNER).await;
    assert_eq!(learner_browser.get("/train/performance").await.status, StatusCode::FORBIDDEN);
}
