//! Trainers as operations manages them: the list's load and performance columns against the
//! facts (and against the trainer's own page), capacity checked and audited, cohorts moved to
//! another trainer with their work, and a trainer switched off only once no cohort of theirs is
//! planned or running, from either page that can do it.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

const NEWEST: &str = "trainer08@ruralrise.test";

/// The row of the trainers' table that links to `id`.
fn list_row(page: &str, id: i64) -> &str {
    let start = page.find(&format!("href=\"/ops/trainers/{id}\"")).expect("the trainer is listed");
    let end = page[start..].find("</tr>").expect("the row ends") + start;
    &page[start..end]
}

async fn capacity(pool: &PgPool, id: i64) -> Option<i32> {
    sqlx::query_scalar("select capacity from trainer_profile where trainer_id = $1").bind(id).fetch_optional(pool).await.unwrap()
}

#[sqlx::test(migrations = "./migrations")]
async fn the_list_and_the_trainers_page_agree_with_the_facts_and_with_the_trainers_own_page(pool: PgPool) {
    let app = spawn(pool).await;
    let id = user_id(&app.pool, TRAINER).await;
    agreeing_prescore(&app.pool, id).await;

    let mut ops = signed_in(&app, OPS).await;
    let list = ops.get("/ops/trainers").await;
    assert_eq!(list.status, StatusCode::OK);
    let learners = count(
        &app.pool,
        &format!("select count(*) from cohort_member m join cohort c using (cohort_id) where c.trainer_id = {id} and c.status = 'active'"),
    )
    .await;
    let row = list_row(&list.body, id);
    let percent = (learners as f64 / 150.0 * 100.0).round() as i64;
    assert!(row.contains(&format!("{learners} of 150 ({percent}%)")), "load against the default capacity: {row}");
    let agreement = row.split("<td").nth(5).expect("the agreement cell");
    assert!(agreement.contains(">100%<"), "every pair agreed: {row}");
    assert!(list.body.contains("8 trainers in all"), "the count");

    let page = ops.get(&format!("/ops/trainers/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let overall = page.body.split(r#"id="agreement-overall""#).nth(1).expect("overall agreement row");
    assert!(overall.contains("100%"), "{overall}");
    let mut trainer = signed_in(&app, TRAINER).await;
    let own = trainer.get("/train/performance").await.body;
    let graded = |body: &str| body.split(r#"<dd id="graded-count">"#).nth(1).and_then(|s| s.split('<').next()).map(str::to_owned);
    assert_eq!(graded(&page.body), graded(&own), "operations sees the trainer's own figures");
    // The weeks' table adds up to the work graded since the first week began.
    let weeks: Vec<i64> = page
        .body
        .split(r#"id="trainer-weeks-table""#)
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .unwrap()
        .split("<tr>")
        .skip(2)
        .map(|row| {
            let cell = row.split(r#"<td class="num">"#).nth(1).expect("a week's graded cell");
            cell.split('<').next().unwrap().replace(',', "").parse::<i64>().unwrap()
        })
        .collect();
    assert_eq!(weeks.len(), 12, "twelve weeks, empty ones too");
    let weekly: i64 = weeks.iter().sum();
    let since_first_week = count(
        &app.pool,
        &format!(
            "select count(*) from submission where graded_by = {id} and status <> 'pending'
                and graded_at >= date_trunc('week', (now() at time zone 'UTC')::date) - interval '11 weeks'"
        ),
    )
    .await;
    assert_eq!(weekly, since_first_week);
    assert!(page.body.contains("data-echarts="), "the chart is drawn from its data");

    assert_eq!(ops.get("/ops/trainers/999999").await.status, StatusCode::NOT_FOUND);
    let learner_id = user_id(&app.pool, LEARNER).await;
    assert_eq!(ops.get(&format!("/ops/trainers/{learner_id}")).await.status, StatusCode::NOT_FOUND, "only trainers have a page");
    // A page past the end offers the first; a page that is not a number is the first.
    assert!(ops.get("/ops/trainers?page=9").await.body.contains("First page"));
    assert!(list_row(&ops.get("/ops/trainers?page=zero").await.body, id).contains("of 150"));
}

#[sqlx::test(migrations = "./migrations")]
async fn capacity_is_checked_kept_when_wrong_and_audited_when_changed(pool: PgPool) {
    let app = spawn(pool).await;
    let id = user_id(&app.pool, NEWEST).await;
    let sid = id.to_string();
    let mut ops = signed_in(&app, OPS).await;
    let back = format!("/ops/trainers/{id}");
    for (typed, says) in [("-5", "Enter a number of learners from 0 to 100,000."), ("ten", "whole number"), ("100001", "0 to 100,000")] {
        let r = ops.post_form("/api/ops/set_trainer_capacity", &[("trainer", &sid), ("capacity", typed)]).await;
        assert_eq!(r.location.as_deref(), Some(back.as_str()));
        let page = ops.get(&back).await.body;
        assert!(page.contains(says), "{typed}: {page}");
        assert!(page.contains(&format!("value=\"{typed}\"")) && page.contains("aria-invalid=\"true\""), "kept and marked: {typed}");
    }
    assert_eq!(capacity(&app.pool, id).await, None, "nothing stored");
    assert_eq!(count(&app.pool, "select count(*) from audit_log where action = 'trainer_capacity_set'").await, 0);

    ops.post_form("/api/ops/set_trainer_capacity", &[("trainer", &sid), ("capacity", " 1,000 ")]).await;
    assert_eq!(capacity(&app.pool, id).await, Some(1000));
    let page = ops.get(&back).await.body;
    assert!(page.contains("Carlos Mamani can now follow 1,000 learners."), "{page}");
    assert!(page.contains("0 of 1,000 (0%)"));
    let detail: serde_json::Value =
        sqlx::query_scalar("select detail from audit_log where action = 'trainer_capacity_set' and target_id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(detail, serde_json::json!({ "capacity": { "from": 150, "to": 1000 } }));
    // Saving the same figure again records nothing new.
    ops.post_form("/api/ops/set_trainer_capacity", &[("trainer", &sid), ("capacity", "1000")]).await;
    assert_eq!(count(&app.pool, "select count(*) from audit_log where action = 'trainer_capacity_set'").await, 1);
    let r = ops.call("/api/ops/set_trainer_capacity", &[("trainer", "999999"), ("capacity", "10")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrations = "./migrations")]
async fn a_trainer_is_switched_off_only_after_their_cohorts_move_with_their_work(pool: PgPool) {
    let app = spawn(pool).await;
    let from = user_id(&app.pool, TRAINER).await;
    let to = user_id(&app.pool, NEWEST).await;
    let (from_s, to_s) = (from.to_string(), to.to_string());
    let mut trainer = signed_in(&app, TRAINER).await;
    let mut ops = signed_in(&app, OPS).await;
    let running = |id: i64| format!("select count(*) from cohort where trainer_id = {id} and status in ('planned', 'active')");
    // The newest trainer is approved for every sponsor and path (approvals are operations' to give).
    sqlx::query("insert into trainer_client_approval select $1, client_org_id from client_org on conflict do nothing")
        .bind(to)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("insert into trainer_path_approval select $1, learning_path_id from learning_path on conflict do nothing")
        .bind(to)
        .execute(&app.pool)
        .await
        .unwrap();
    let n = count(&app.pool, &running(from)).await;
    assert!(n > 0, "the demo trainer runs cohorts");

    // Refused while cohorts run, from the trainer's page and from the accounts page alike.
    let r = ops.post_form("/api/ops/set_trainer_active", &[("trainer", &from_s), ("enabled", "false")]).await;
    assert_eq!(r.location.as_deref(), Some(format!("/ops/trainers/{from}").as_str()));
    let page = ops.get(&format!("/ops/trainers/{from}")).await.body;
    assert!(page.contains(&format!("This trainer still has planned or running cohorts ({n})")), "{page}");
    let r = ops.post_form("/api/ops/set_account_status", &[("user_id", &from_s), ("enabled", "false")]).await;
    assert_eq!(r.location.as_deref(), Some(format!("/ops/trainers/{from}").as_str()), "sent to where cohorts move");
    assert_eq!(count(&app.pool, &format!("select count(*) from app_user where user_id = {from} and status = 'active'")).await, 1);
    assert_eq!(trainer.get("/train").await.status, StatusCode::OK, "still signed in");
    assert_eq!(count(&app.pool, "select count(*) from audit_log where action = 'account_disabled'").await, 0);

    // Bad moves change nothing.
    let cohorts: Vec<i64> =
        sqlx::query_scalar("select cohort_id from cohort where trainer_id = $1 and status in ('planned', 'active') order by 1")
            .bind(from)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    let first = cohorts[0].to_string();
    let ops_id = user_id(&app.pool, OPS).await.to_string();
    for (who, says) in [
        (from_s.as_str(), "That cohort already has this trainer."),
        (ops_id.as_str(), "Choose an active trainer from the list"),
        ("", "Choose an active trainer from the list"),
    ] {
        ops.post_form("/api/ops/reassign_cohort", &[("cohort", &first), ("trainer", who)]).await;
        assert!(ops.get(&format!("/ops/trainers/{from}")).await.body.contains(says), "{who}: {says}");
    }
    let finished: Option<i64> = sqlx::query_scalar("select cohort_id from cohort where status in ('completed', 'cancelled') limit 1")
        .fetch_optional(&app.pool)
        .await
        .unwrap();
    if let Some(done) = finished {
        ops.post_form("/api/ops/reassign_cohort", &[("cohort", &done.to_string()), ("trainer", &to_s)]).await;
        assert_eq!(count(&app.pool, &format!("select count(*) from cohort where cohort_id = {done} and trainer_id = {to}")).await, 0);
    }
    let r = ops.post_form("/api/ops/reassign_cohort", &[("cohort", "999999"), ("trainer", &to_s)]).await;
    assert_eq!(r.location.as_deref(), Some("/ops/trainers"));
    assert_eq!(count(&app.pool, &running(from)).await, n);
    assert_eq!(count(&app.pool, "select count(*) from audit_log where action = 'cohort_reassigned'").await, 0);

    // Each cohort moves with its work waiting for a grade.
    let pending = |id: i64| format!("select count(*) from trainer_pending_submission where trainer_id = {id}");
    let waiting = count(&app.pool, &pending(from)).await;
    let waiting_there = count(&app.pool, &pending(to)).await;
    for cohort in &cohorts {
        let r = ops.post_form("/api/ops/reassign_cohort", &[("cohort", &cohort.to_string()), ("trainer", &to_s)]).await;
        assert_eq!(r.location.as_deref(), Some(format!("/ops/trainers/{from}").as_str()));
    }
    assert!(ops.get(&format!("/ops/trainers/{from}")).await.body.contains("moved to Carlos Mamani"), "the notice names the trainer");
    assert_eq!(count(&app.pool, &running(from)).await, 0);
    assert_eq!(count(&app.pool, &running(to)).await, n);
    assert_eq!(count(&app.pool, &pending(from)).await, 0);
    assert_eq!(count(&app.pool, &pending(to)).await, waiting_there + waiting);
    assert_eq!(count(&app.pool, "select count(*) from audit_log where action = 'cohort_reassigned'").await, cohorts.len() as i64);
    let detail: serde_json::Value =
        sqlx::query_scalar("select detail from audit_log where action = 'cohort_reassigned' limit 1").fetch_one(&app.pool).await.unwrap();
    assert_eq!(detail, serde_json::json!({ "trainer": { "from": from, "to": to } }));

    // Now the trainer may go: signed out at once, and no longer offered for a cohort.
    ops.post_form("/api/ops/set_trainer_active", &[("trainer", &from_s), ("enabled", "false")]).await;
    assert!(ops.get(&format!("/ops/trainers/{from}")).await.body.contains("is switched off and signed out everywhere"));
    assert_eq!(trainer.get("/train").await.location.as_deref(), Some("/signin"));
    let back = cohorts[0].to_string();
    ops.post_form("/api/ops/reassign_cohort", &[("cohort", &back), ("trainer", &from_s)]).await;
    assert_eq!(count(&app.pool, &running(from)).await, 0, "no cohort goes to a switched-off trainer");
    assert!(!ops.get(&format!("/ops/trainers/{to}")).await.body.contains(&format!("<option value=\"{from}\"")), "not offered");
    ops.post_form("/api/ops/set_trainer_active", &[("trainer", &from_s), ("enabled", "true")]).await;
    assert_eq!(count(&app.pool, &format!("select count(*) from app_user where user_id = {from} and status = 'active'")).await, 1);
}

/// The trainer's approvals as (sponsor ids, path ids).
async fn approvals(pool: &PgPool, id: i64) -> (Vec<i64>, Vec<i64>) {
    let clients = sqlx::query_scalar("select client_org_id from trainer_client_approval where trainer_id = $1 order by 1")
        .bind(id)
        .fetch_all(pool)
        .await
        .unwrap();
    let paths = sqlx::query_scalar("select learning_path_id from trainer_path_approval where trainer_id = $1 order by 1")
        .bind(id)
        .fetch_all(pool)
        .await
        .unwrap();
    (clients, paths)
}

#[sqlx::test(migrations = "./migrations")]
async fn approvals_are_saved_as_ticked_audited_and_never_taken_from_running_cohorts(pool: PgPool) {
    let app = spawn(pool).await;
    let mut ops = signed_in(&app, OPS).await;

    // The demo trainer runs cohorts: unticking the sponsor of one of them is refused whole.
    let busy = user_id(&app.pool, TRAINER).await;
    let before = approvals(&app.pool, busy).await;
    let needed: i64 = sqlx::query_scalar("select min(client_org_id) from cohort where trainer_id = $1 and status = 'active'")
        .bind(busy)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let keys: Vec<String> = before
        .0
        .iter()
        .filter(|&&c| c != needed)
        .map(|c| format!("clients[c{c}]"))
        .chain(before.1.iter().map(|p| format!("paths[p{p}]")))
        .collect();
    let busy_s = busy.to_string();
    let mut form: Vec<(&str, &str)> = vec![("trainer", &busy_s)];
    form.extend(keys.iter().map(|k| (k.as_str(), "on")));
    let back = format!("/ops/trainers/{busy}");
    let r = ops.post_form("/api/ops/set_trainer_approvals", &form).await;
    assert_eq!(r.location.as_deref(), Some(back.as_str()));
    let page = ops.get(&back).await.body;
    assert!(
        page.contains("planned or running cohorts of this trainer (") && page.contains("need a sponsor or path you unticked"),
        "{page}"
    );
    assert_eq!(approvals(&app.pool, busy).await, before, "nothing changed");

    // A sponsor that does not exist, or a key no form makes: nothing changes either.
    let mut forged = form.clone();
    forged.push(("clients[c999999]", "on"));
    ops.post_form("/api/ops/set_trainer_approvals", &forged).await;
    assert!(ops.get(&back).await.body.contains("no longer on offer"));
    let r = ops.call("/api/ops/set_trainer_approvals", &[("trainer", &busy_s), ("clients[x1]", "on")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(approvals(&app.pool, busy).await, before);
    assert_eq!(count(&app.pool, "select count(*) from audit_log where action = 'trainer_approvals_set'").await, 0);

    // A trainer with no running cohort gets exactly what is ticked, audited as added and removed.
    let id = user_id(&app.pool, NEWEST).await;
    let (old_clients, old_paths) = approvals(&app.pool, id).await;
    let (client, path): (i64, i64) = sqlx::query_as(
        "select (select min(client_org_id) from client_org where status = 'active'), (select max(learning_path_id) from learning_path)",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let sid = id.to_string();
    let (ck, pk) = (format!("clients[c{client}]"), format!("paths[p{path}]"));
    ops.post_form("/api/ops/set_trainer_approvals", &[("trainer", &sid), (&ck, "on"), (&pk, "on")]).await;
    assert_eq!(approvals(&app.pool, id).await, (vec![client], vec![path]));
    let page = ops.get(&format!("/ops/trainers/{id}")).await.body;
    assert!(page.contains("Carlos Mamani&#x27;s approvals are saved.") || page.contains("Carlos Mamani's approvals are saved."), "{page}");
    let tag = |name: &str| {
        let at = page.find(&format!("name=\"{name}\"")).unwrap_or_else(|| panic!("a box for {name}"));
        page[at..at + page[at..].find('>').unwrap()].to_owned()
    };
    assert!(tag(&ck).contains(" checked"), "ticked as saved: {}", tag(&ck));
    let other_path = old_paths.iter().find(|&&p| p != path).expect("the demo has several paths");
    assert!(!tag(&format!("paths[p{other_path}]")).contains(" checked"), "unticked as saved");
    let detail: serde_json::Value =
        sqlx::query_scalar("select detail from audit_log where action = 'trainer_approvals_set' and target_id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let removed = |all: &[i64], kept: i64| all.iter().copied().filter(|&x| x != kept).collect::<Vec<_>>();
    let mut got_removed: Vec<i64> = serde_json::from_value(detail["clients_removed"].clone()).unwrap();
    got_removed.sort_unstable();
    assert_eq!(got_removed, removed(&old_clients, client));
    let mut got_paths: Vec<i64> = serde_json::from_value(detail["paths_removed"].clone()).unwrap();
    got_paths.sort_unstable();
    assert_eq!(got_paths, removed(&old_paths, path));
    // The same boxes again change nothing and record nothing.
    ops.post_form("/api/ops/set_trainer_approvals", &[("trainer", &sid), (&ck, "on"), (&pk, "on")]).await;
    assert_eq!(count(&app.pool, "select count(*) from audit_log where action = 'trainer_approvals_set'").await, 1);
}
