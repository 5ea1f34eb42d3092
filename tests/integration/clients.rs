//! Client organisations as operations keeps them: adding one (every problem named at once,
//! nothing stored on bad input), editing and pausing it, refusing to end one whose cohorts still
//! run, its page's outcomes against the facts, and its learners streamed as CSV.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

fn form<'a>(name: &'a str, target: &'a str, status: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("name", name),
        ("sector", "Tailoring"),
        ("region", "Mwanza, Tanzania"),
        ("contact_name", "Neema Said"),
        ("email", "Neema@Sponsor.example"),
        ("phone", "+255 712 345 678"),
        ("starts_on", "2026-01-05"),
        ("ends_on", "2027-12-31"),
        ("target", target),
        ("note", "Pays per completion.\nQuarterly review with the board."),
        ("status", status),
    ]
}

async fn clients(pool: &PgPool) -> i64 {
    count(pool, "select count(*) from client_org").await
}

#[sqlx::test(migrations = "./migrations")]
async fn operations_adds_edits_and_pauses_a_sponsor_and_every_change_is_audited(pool: PgPool) {
    let app = spawn(pool).await;
    let mut ops = signed_in(&app, OPS).await;
    let before = clients(&app.pool).await;

    let r = ops.post_form("/api/ops/save_client", &form("  Lake Zone Tailors  ", "1,200", "active")).await;
    let (id, email, target, notes): (i64, String, i32, String) =
        sqlx::query_as("select client_org_id, contact_email, target_learners, notes from client_org where name = 'Lake Zone Tailors'")
            .fetch_one(&app.pool)
            .await
            .expect("stored with its name trimmed");
    assert_eq!(r.location.as_deref(), Some(format!("/ops/clients/{id}").as_str()));
    assert_eq!((email.as_str(), target), ("neema@sponsor.example", 1200));
    assert!(notes.contains('\n'), "notes keep their lines");
    assert_eq!(clients(&app.pool).await, before + 1);

    let page = ops.get(&format!("/ops/clients/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Client organisation Lake Zone Tailors added."), "the page says it was added");
    assert!(page.body.contains("Quarterly review with the board."));
    assert_eq!(tile_value(&page.body, "client-learners"), "0");
    let list = ops.get("/ops/clients").await;
    assert!(list.body.contains(&format!("href=\"/ops/clients/{id}\"")), "listed");
    assert!(list.body.contains("0 of 1,200 (0%)"), "learners against the target");

    let edit = ops.get(&format!("/ops/clients/{id}/edit")).await;
    assert!(edit.body.contains("value=\"Lake Zone Tailors\"") && edit.body.contains("Pays per completion."), "the form shows the record");
    let sid = id.to_string();
    let mut paused = vec![("client", sid.as_str())];
    paused.extend(form("Lake Zone Tailors", "900", "paused"));
    let r = ops.post_form("/api/ops/save_client", &paused).await;
    assert_eq!(r.location.as_deref(), Some(format!("/ops/clients/{id}").as_str()));
    let (status, target): (String, i32) = sqlx::query_as("select status::text, target_learners from client_org where client_org_id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!((status.as_str(), target), ("paused", 900));
    let detail: serde_json::Value = sqlx::query_scalar(
        "select detail from audit_log where action = 'client_updated' and target_kind = 'client_org' and target_id = $1",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(detail["status"], serde_json::json!({ "from": "active", "to": "paused" }));
    assert_eq!(detail["target_learners"], serde_json::json!({ "from": "1200", "to": "900" }));
    assert!(detail.get("name").is_none(), "only what changed: {detail}");
    assert_eq!(count(&app.pool, &format!("select count(*) from audit_log where action = 'client_created' and target_id = {id}")).await, 1);

    // A paused sponsor takes no new cohorts: the trainer's form no longer offers it.
    let mut trainer = signed_in(&app, TRAINER).await;
    let new_cohort = trainer.get("/train/cohorts/new").await;
    assert!(!new_cohort.body.contains("Lake Zone Tailors"), "a paused sponsor is not offered");
}

#[sqlx::test(migrations = "./migrations")]
async fn bad_input_is_named_field_by_field_and_changes_nothing(pool: PgPool) {
    let app = spawn(pool).await;
    let mut ops = signed_in(&app, OPS).await;
    let before = clients(&app.pool).await;
    let audit_before = count(&app.pool, "select count(*) from audit_log").await;

    let bad = [
        ("name", ""),
        ("sector", " "),
        ("region", "Mwanza"),
        ("contact_name", ""),
        ("email", "not an address"),
        ("phone", "call me"),
        ("starts_on", "2027-01-01"),
        ("ends_on", "2026-01-01"),
        ("target", "-5"),
        ("note", "kept as typed"),
        ("status", "active"),
    ];
    let r = ops.post_form("/api/ops/save_client", &bad).await;
    assert_eq!(r.location.as_deref(), Some("/ops/clients/new"));
    let page = ops.get("/ops/clients/new").await;
    for message in [
        "Enter the organisation's name.",
        "Enter the sector",
        "Enter an e-mail address like",
        "at least 6 digits",
        "The end date is before the start date.",
        "from 0 to 1,000,000",
    ] {
        assert!(page.body.contains(message), "{message}");
    }
    assert!(page.body.matches("aria-invalid=\"true\"").count() >= 6, "each bad field is marked");
    assert!(page.body.contains("kept as typed") && page.body.contains("value=\"Mwanza\""), "nothing typed is lost");

    // The same name as a sponsor that exists.
    let taken: String = sqlx::query_scalar("select name from client_org order by 1 limit 1").fetch_one(&app.pool).await.unwrap();
    ops.post_form("/api/ops/save_client", &form(&taken, "", "active")).await;
    let page = ops.get("/ops/clients/new").await;
    assert!(page.body.contains("Another client organisation already has this name."));

    // Ending a sponsor whose cohorts run is refused, with the count.
    let (busy, running): (i64, i64) = sqlx::query_as(
        "select client_org_id, count(*) from cohort where status in ('planned', 'active') group by 1 order by 2 desc limit 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let busy_s = busy.to_string();
    let name: String =
        sqlx::query_scalar("select name from client_org where client_org_id = $1").bind(busy).fetch_one(&app.pool).await.unwrap();
    let mut end = vec![("client", busy_s.as_str())];
    end.extend(form(&name, "", "ended"));
    let r = ops.post_form("/api/ops/save_client", &end).await;
    assert_eq!(r.location.as_deref(), Some(format!("/ops/clients/{busy}/edit").as_str()));
    let page = ops.get(&format!("/ops/clients/{busy}/edit")).await;
    assert!(page.body.contains(&format!("planned or running cohorts ({running})")), "says how many");
    let status: String =
        sqlx::query_scalar("select status::text from client_org where client_org_id = $1").bind(busy).fetch_one(&app.pool).await.unwrap();
    assert_eq!(status, "active");

    // An unknown sponsor is not there, for the page and for the form.
    assert_eq!(ops.get("/ops/clients/999999").await.status, StatusCode::NOT_FOUND);
    let mut ghost = vec![("client", "999999")];
    ghost.extend(form("Ghost", "", "active"));
    let r = ops.post_form("/api/ops/save_client", &ghost).await;
    assert!(!r.status.is_success() || r.location.is_some(), "{}", r.status);

    assert_eq!(clients(&app.pool).await, before, "nothing added");
    assert_eq!(count(&app.pool, "select count(*) from audit_log where action like 'client_%'").await, 0);
    assert!(count(&app.pool, "select count(*) from audit_log").await >= audit_before);
}

#[sqlx::test(migrations = "./migrations")]
async fn a_sponsors_page_and_csv_match_the_facts(pool: PgPool) {
    let app = spawn(pool).await;
    let mut ops = signed_in(&app, OPS).await;
    let client: i64 = sqlx::query_scalar(
        "select c.client_org_id from cohort c join cohort_member m using (cohort_id) group by 1 order by count(*) desc limit 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    // A learner name a spreadsheet would run as a formula.
    sqlx::query(
        "update profile set display_name = '=HYPERLINK(\"http://x\")' where user_id =
           (select min(m.learner_id) from cohort_member m join cohort c using (cohort_id) where c.client_org_id = $1)",
    )
    .bind(client)
    .execute(&app.pool)
    .await
    .unwrap();

    let page = ops.get(&format!("/ops/clients/{client}")).await;
    assert_eq!(page.status, 200);
    let learners = count(
        &app.pool,
        &format!(
            "select count(distinct m.learner_id) from cohort_member m join cohort c using (cohort_id) where c.client_org_id = {client}"
        ),
    )
    .await;
    assert_eq!(tile_value(&page.body, "client-learners").replace(',', ""), learners.to_string());
    let at_risk = count(
        &app.pool,
        &format!(
            "select count(distinct m.learner_id) from cohort_member m join cohort c using (cohort_id) join learner_risk r using (learner_id)
              where c.client_org_id = {client} and r.at_risk"
        ),
    )
    .await;
    assert_eq!(tile_value(&page.body, "client-at-risk").replace(',', ""), at_risk.to_string());
    let cohorts = count(&app.pool, &format!("select count(*) from cohort where client_org_id = {client}")).await;
    assert_eq!(page.body.matches("<tr>").count() as i64, cohorts.min(50) + 1, "a row per cohort and the header");

    let r = ops.get(&format!("/ops/clients/{client}/learners.csv")).await;
    assert_eq!(r.status, 200);
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(r.headers["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert!(r.headers.get("content-length").is_none(), "streamed, not built whole");
    let mut csv = csv::Reader::from_reader(r.body.as_bytes());
    assert_eq!(csv.headers().unwrap().get(0), Some("learner_id"));
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    let memberships =
        count(&app.pool, &format!("select count(*) from cohort_member m join cohort c using (cohort_id) where c.client_org_id = {client}"))
            .await;
    assert_eq!(rows.len() as i64, memberships, "one row per learner and cohort");
    assert!(rows.iter().any(|r| r.get(1) == Some("'=HYPERLINK(\"http://x\")")), "formulas are neutralised");
    assert!(rows.iter().all(|r| matches!(r.get(11), Some("yes" | "no"))));
    let flagged = rows.iter().filter(|r| r.get(11) == Some("yes")).count() as i64;
    let flagged_db = count(
        &app.pool,
        &format!(
            "select count(*) from cohort_member m join cohort c using (cohort_id) join learner_risk r using (learner_id)
              where c.client_org_id = {client} and r.at_risk"
        ),
    )
    .await;
    assert_eq!(flagged, flagged_db);

    // Compressed, as a browser asks for it: the stream ends cleanly behind the compressor too.
    let path = format!("/ops/clients/{client}/learners.csv");
    let zipped = ops.send(|http, base| http.get(format!("{base}{path}")).header("accept-encoding", "gzip")).await;
    assert_eq!(zipped.status, 200);
    assert_eq!(zipped.headers["content-encoding"], "gzip");

    assert_eq!(ops.get("/ops/clients/999999/learners.csv").await.status, StatusCode::NOT_FOUND);
}
