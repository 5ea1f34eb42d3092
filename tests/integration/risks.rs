//! Risk tickets end to end over HTTP: a cohort proposed from the model's flags, the ticket opened
//! from it (bad input refused whole, one ticket per cohort, learners and due time taken), the
//! status machine (illegal moves and a resolution without a note refused, nothing changed), the
//! owner rule, and the share of affected learners active again after the resolution.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

async fn status(pool: &PgPool, id: i64) -> String {
    sqlx::query_scalar("select status::text from risk_alert where risk_alert_id = $1").bind(id).fetch_one(pool).await.unwrap()
}

/// A running cohort of the demo trainer with at least four learners, made to have no unresolved
/// ticket and exactly `flagged` learners listed at risk (idle, score 0.9).
async fn flag_cohort(pool: &PgPool, flagged: i64) -> (i64, i64, Vec<i64>) {
    let (cohort, members): (i64, i64) = sqlx::query_as(
        "select c.cohort_id, count(*) from cohort c join cohort_member m using (cohort_id) join app_user t on t.user_id = c.trainer_id
          where c.status = 'active' and t.email = $1 group by 1 having count(*) >= 4 order by 1 limit 1",
    )
    .bind(TRAINER)
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query(
        "update risk_alert set status = 'resolved', resolved_at = now(), started_at = now(), resolution_note = 'test'
          where cohort_id = $1 and status <> 'resolved'",
    )
    .bind(cohort)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("update learner_risk set at_risk = false where learner_id in (select learner_id from cohort_member where cohort_id = $1)")
        .bind(cohort)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("delete from risk_dismissal where learner_id in (select learner_id from cohort_member where cohort_id = $1)")
        .bind(cohort)
        .execute(pool)
        .await
        .unwrap();
    let learners: Vec<i64> = sqlx::query_scalar(
        "insert into learner_risk (learner_id, score, at_risk, features, reasons, model_version)
         select learner_id, 0.9, true, '{}', '[\"idle_days\"]', 'test' from cohort_member where cohort_id = $1 order by learner_id limit $2
         on conflict (learner_id) do update set score = 0.9, at_risk = true, reasons = excluded.reasons
         returning learner_id",
    )
    .bind(cohort)
    .bind(flagged)
    .fetch_all(pool)
    .await
    .unwrap();
    // What the risk task does after rescoring.
    sqlx::query("refresh materialized view cohort_flags").execute(pool).await.unwrap();
    (cohort, members, learners)
}

#[sqlx::test(migrations = "./migrations")]
async fn a_ticket_opened_from_the_flags_moves_only_as_its_machine_allows_and_counts_who_came_back(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = &app.pool;
    let (cohort, members, learners) = flag_cohort(pool, 3).await;
    let trainer = user_id(pool, TRAINER).await;
    let mut ops = signed_in(&app, OPS).await;

    // The cohort is proposed, with its figures, and the form is filled from the proposal.
    let list = ops.get("/ops/risks").await.body;
    let proposal = format!("href=\"/ops/risks/new?cohort={cohort}\"");
    assert!(list.contains(&proposal), "{list}");
    assert!(list.contains(&format!("3 of {members}")), "the share flagged is shown");
    let form = ops.get(&format!("/ops/risks/new?cohort={cohort}")).await.body;
    let form = form.replace("&#x27;", "'");
    assert!(form.contains("Why the model proposes it") && form.contains(&format!("3 of the cohort's {members} learners")), "{form}");
    assert!(form.contains(&format!("name=\"cohort\" value=\"{cohort}\"")));
    assert!(form.contains("Days since the last learning"), "the strongest reason is named");

    // Bad input: every problem named, what was typed kept, nothing written.
    let tickets_before = count(pool, "select count(*) from risk_alert").await;
    let cohort_s = cohort.to_string();
    let back = format!("/ops/risks/new?cohort={cohort}");
    let r = ops
        .post_form(
            "/api/ops/open_risk",
            &[
                ("cohort", &cohort_s),
                ("title", " "),
                ("kind", "disengagement"),
                ("severity", "urgent"),
                ("action", "Call them."),
                ("owner", "x"),
            ],
        )
        .await;
    assert_eq!(r.location.as_deref(), Some(back.as_str()));
    let page = ops.get(&back).await.body;
    assert!(page.contains("Choose a severity from the list."), "{page}");
    assert!(page.contains("Choose who owns the ticket"), "{page}");
    assert!(page.contains("Call them."), "the action typed comes back");
    // A learner cannot own a ticket; neither can a trainer who does not run the cohort.
    let other_trainer = user_id(pool, "trainer02@ruralrise.test").await.to_string();
    for owner in [learners[0].to_string(), other_trainer] {
        ops.post_form(
            "/api/ops/open_risk",
            &[
                ("cohort", &cohort_s),
                ("title", "Flagged"),
                ("kind", "disengagement"),
                ("severity", "high"),
                ("action", "Call."),
                ("owner", &owner),
            ],
        )
        .await;
        assert!(ops.get(&back).await.body.contains("Choose who owns the ticket"));
    }
    assert_eq!(count(pool, "select count(*) from risk_alert").await, tickets_before, "nothing was opened");

    // Opened for the cohort's trainer: its flagged learners, the due time from the severity, audited.
    let trainer_s = trainer.to_string();
    let fields = [
        ("cohort", cohort_s.as_str()),
        ("title", "Three learners stopped"),
        ("kind", "disengagement"),
        ("severity", "high"),
        ("action", "Call each of them this week."),
        ("owner", trainer_s.as_str()),
    ];
    let r = ops.post_form("/api/ops/open_risk", &fields).await;
    let id: i64 = sqlx::query_scalar("select max(risk_alert_id) from risk_alert").fetch_one(pool).await.unwrap();
    assert_eq!(r.location.as_deref(), Some(format!("/ops/risks/{id}").as_str()));
    let (hours, owner, client): (f64, i64, i64) = sqlx::query_as(
        "select (extract(epoch from due_at - created_at) / 3600)::float8, owner_id, client_org_id from risk_alert where risk_alert_id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!((hours.round() as i64, owner), (72, trainer), "high: due in 3 days");
    let sponsor: i64 =
        sqlx::query_scalar("select client_org_id from cohort where cohort_id = $1").bind(cohort).fetch_one(pool).await.unwrap();
    assert_eq!(client, sponsor);
    let mut taken: Vec<i64> = sqlx::query_scalar("select learner_id from risk_alert_learner where risk_alert_id = $1 order by 1")
        .bind(id)
        .fetch_all(pool)
        .await
        .unwrap();
    taken.sort_unstable();
    let mut flagged = learners.clone();
    flagged.sort_unstable();
    assert_eq!(taken, flagged);
    let page = ops.get(&format!("/ops/risks/{id}")).await.body;
    assert!(page.contains("about 3 flagged learners"), "{page}");
    assert_eq!(count(pool, &format!("select count(*) from audit_log where action = 'risk_ticket_opened' and target_id = {id}")).await, 1);

    // One ticket per cohort: the proposal is gone, and a second post is refused.
    assert!(!ops.get("/ops/risks").await.body.contains(&proposal));
    ops.post_form("/api/ops/open_risk", &fields).await;
    assert!(ops.get(&back).await.body.contains("already has an unresolved ticket"));
    assert_eq!(count(pool, &format!("select count(*) from risk_alert where cohort_id = {cohort} and status <> 'resolved'")).await, 1);

    // The machine: open cannot be resolved straight away; a status no form sends is a bad request.
    let ticket = id.to_string();
    let page_of = format!("/ops/risks/{id}");
    ops.post_form("/api/ops/move_risk", &[("ticket", &ticket), ("to", "resolved"), ("note", "Done.")]).await;
    assert!(ops.get(&page_of).await.body.contains("cannot go from"), "refused in words");
    assert_eq!(status(pool, id).await, "open");
    let r = ops.call("/api/ops/move_risk", &[("ticket", &ticket), ("to", "closed")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    ops.post_form("/api/ops/move_risk", &[("ticket", &ticket), ("to", "in_progress")]).await;
    assert_eq!(status(pool, id).await, "in_progress");
    assert_eq!(count(pool, &format!("select count(*) from risk_alert where risk_alert_id = {id} and started_at is not null")).await, 1);
    // Resolving needs a note; the refusal keeps nothing half done.
    ops.post_form("/api/ops/move_risk", &[("ticket", &ticket), ("to", "resolved"), ("note", "  ")]).await;
    assert!(ops.get(&page_of).await.body.contains("Say how the ticket was resolved"));
    assert_eq!(status(pool, id).await, "in_progress");
    ops.post_form("/api/ops/move_risk", &[("ticket", &ticket), ("to", "resolved"), ("note", "Called all three; two came back.")]).await;
    assert_eq!(status(pool, id).await, "resolved");
    // Resolved is final: it neither reopens nor changes owner.
    ops.post_form("/api/ops/move_risk", &[("ticket", &ticket), ("to", "open")]).await;
    assert_eq!(status(pool, id).await, "resolved");
    let ops_id = user_id(pool, OPS).await.to_string();
    ops.post_form("/api/ops/assign_risk", &[("ticket", &ticket), ("owner", &ops_id)]).await;
    assert!(ops.get(&page_of).await.body.contains("A resolved ticket keeps its owner"));
    let moved = count(pool, &format!("select count(*) from audit_log where action = 'risk_ticket_moved' and target_id = {id}")).await;
    assert_eq!(moved, 2, "only the two moves made are audited");

    // Recovery: one affected learner learns after the resolution; another only signs in.
    sqlx::query("insert into activity_event (user_id, kind, occurred_at) values ($1, 'lesson_started', now() + interval '1 minute')")
        .bind(learners[0])
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("insert into activity_event (user_id, kind, occurred_at) values ($1, 'sign_in', now() + interval '1 minute')")
        .bind(learners[1])
        .execute(pool)
        .await
        .unwrap();
    let page = ops.get(&page_of).await.body;
    assert!(page.contains("1 of 3 (33%) learned within 14 days of the resolution."), "{page}");
    assert!(page.contains("Called all three; two came back."));
}

#[sqlx::test(migrations = "./migrations")]
async fn owners_change_only_to_operations_or_the_cohorts_trainer(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = &app.pool;
    let mut ops = signed_in(&app, OPS).await;
    let ops_id = user_id(pool, OPS).await;
    // A demo ticket about a cohort, owned by its trainer.
    let (id, trainer): (i64, i64) = sqlx::query_as(
        "select a.risk_alert_id, c.trainer_id from risk_alert a join cohort c using (cohort_id)
          where a.status <> 'resolved' and a.owner_id = c.trainer_id order by 1 limit 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let owner = |pool: &PgPool| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("select owner_id from risk_alert where risk_alert_id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let ticket = id.to_string();
    let stranger: i64 = sqlx::query_scalar("select user_id from app_user where role = 'trainer' and user_id <> $1 order by 1 limit 1")
        .bind(trainer)
        .fetch_one(pool)
        .await
        .unwrap();
    for bad in [stranger.to_string(), "9999999".to_owned(), "".to_owned()] {
        ops.post_form("/api/ops/assign_risk", &[("ticket", &ticket), ("owner", &bad)]).await;
        assert_eq!(owner(pool).await, trainer, "{bad} refused");
    }
    assert!(ops.get(&format!("/ops/risks/{id}")).await.body.contains("Choose who owns the ticket"));
    ops.post_form("/api/ops/assign_risk", &[("ticket", &ticket), ("owner", &ops_id.to_string())]).await;
    assert_eq!(owner(pool).await, ops_id);
    let page = ops.get(&format!("/ops/risks/{id}")).await.body;
    assert!(page.contains("The ticket is owned by Nadia Okafor."), "{page}");
    // Unknown tickets are not there.
    let r = ops.call("/api/ops/assign_risk", &[("ticket", "9999999"), ("owner", &ops_id.to_string())]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
