//! The load optimiser against the database: the preview changes nothing and proposes only
//! approved moves that make the load more even; "Apply" moves exactly what was previewed, in one
//! audited transaction; it is refused whole when the data changed since, or when the moves were
//! not the preview's; and `ruralrise redistribute --dry-run` prints the same proposal.

use crate::common::*;
use sqlx::PgPool;

/// The value of the hidden input `name` in `page`.
fn hidden<'a>(page: &'a str, name: &str) -> &'a str {
    let at = page.find(&format!("name=\"{name}\" value=\"")).unwrap_or_else(|| panic!("no {name} in the page"));
    let rest = &page[at + name.len() + 15..];
    &rest[..rest.find('"').unwrap()]
}

async fn assignment(pool: &PgPool) -> Vec<(i64, i64)> {
    sqlx::query_as("select cohort_id, trainer_id from cohort where trainer_id is not null order by cohort_id")
        .fetch_all(pool)
        .await
        .unwrap()
}

/// The demo trainer with room for ten learners, far fewer than the cohorts they run.
async fn squeeze_demo_trainer(pool: &PgPool) -> i64 {
    let id = user_id(pool, TRAINER).await;
    sqlx::query("insert into trainer_profile (trainer_id, capacity) values ($1, 10) on conflict (trainer_id) do update set capacity = 10")
        .bind(id)
        .execute(pool)
        .await
        .unwrap();
    id
}

fn moves(page: &str) -> Vec<(i64, i64)> {
    hidden(page, "moves")
        .split(',')
        .filter(|m| !m.is_empty())
        .map(|m| {
            let (c, t) = m.split_once(':').unwrap();
            (c.parse().unwrap(), t.parse().unwrap())
        })
        .collect()
}

#[sqlx::test(migrations = "./migrations")]
async fn the_preview_changes_nothing_and_apply_moves_exactly_what_was_previewed(pool: PgPool) {
    let app = spawn(pool).await;
    let squeezed = squeeze_demo_trainer(&app.pool).await;
    let before = assignment(&app.pool).await;
    let mut ops = signed_in(&app, OPS).await;
    let page = ops.get("/ops/redistribute").await;
    assert_eq!(page.status, 200);
    assert_eq!(assignment(&app.pool).await, before, "a preview moves nothing");
    let proposed = moves(&page.body);
    assert!(!proposed.is_empty(), "an overloaded trainer gets work taken away: {}", page.body);
    assert!(proposed.iter().any(|&(c, _)| before.contains(&(c, squeezed))), "from the overloaded trainer");
    for &(cohort, to) in &proposed {
        let approved = count(
            &app.pool,
            &format!(
                "select count(*) from cohort c
                   join trainer_client_approval a on a.client_org_id = c.client_org_id and a.trainer_id = {to}
                   join trainer_path_approval p on p.learning_path_id = c.learning_path_id and p.trainer_id = {to}
                   join app_user u on u.user_id = {to} and u.status = 'active'
                  where c.cohort_id = {cohort}"
            ),
        )
        .await;
        assert_eq!(approved, 1, "cohort {cohort} may go to trainer {to}");
    }
    // The proposal is never worse than the greedy baseline, and better than today.
    let cell = |id: &str| -> f64 {
        let row = page.body.split(&format!("id=\"{id}\"")).nth(1).unwrap();
        let cell = row.split("<td class=\"num\">").nth(1).unwrap();
        cell.split('<').next().unwrap().replace(',', "").parse().unwrap()
    };
    assert!(cell("score-proposed") <= cell("score-greedy") && cell("score-proposed") < cell("score-today"));

    let fingerprint = hidden(&page.body, "fingerprint").to_owned();
    let moves_value = hidden(&page.body, "moves").to_owned();
    let r = ops.post_form("/api/ops/apply_redistribution", &[("fingerprint", &fingerprint), ("moves", &moves_value)]).await;
    assert_eq!(r.location.as_deref(), Some("/ops/redistribute"));
    let after = assignment(&app.pool).await;
    let expected: Vec<(i64, i64)> = before.iter().map(|&(c, t)| (c, proposed.iter().find(|m| m.0 == c).map_or(t, |m| m.1))).collect();
    assert_eq!(after, expected, "exactly the previewed moves");
    let detail: serde_json::Value =
        sqlx::query_scalar("select detail from audit_log where action = 'load_redistributed'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(detail["moves"].as_array().map(Vec::len), Some(proposed.len()));
    let again = ops.get("/ops/redistribute").await.body;
    assert!(again.contains("moved to other trainers") || again.contains("moved to another trainer"), "the notice");
    // The same preview cannot be applied twice: its data is gone.
    ops.post_form("/api/ops/apply_redistribution", &[("fingerprint", &fingerprint), ("moves", &moves_value)]).await;
    assert!(ops.get("/ops/redistribute").await.body.contains("changed since this proposal was made"));
    assert_eq!(assignment(&app.pool).await, after);
    assert_eq!(count(&app.pool, "select count(*) from audit_log where action = 'load_redistributed'").await, 1);
}

#[sqlx::test(migrations = "./migrations")]
async fn apply_is_refused_whole_when_the_data_changed_or_the_moves_are_not_the_previews(pool: PgPool) {
    let app = spawn(pool).await;
    squeeze_demo_trainer(&app.pool).await;
    let before = assignment(&app.pool).await;
    let mut ops = signed_in(&app, OPS).await;
    let page = ops.get("/ops/redistribute").await.body;
    let fingerprint = hidden(&page, "fingerprint").to_owned();
    let moves_value = hidden(&page, "moves").to_owned();

    // A move to a trainer not approved for the cohort, under the right fingerprint.
    let (cohort, to): (i64, i64) = sqlx::query_as(
        "select c.cohort_id, u.user_id from cohort c cross join app_user u
          where c.status in ('planned', 'active') and u.role = 'trainer' and u.user_id <> c.trainer_id
            and not exists (select 1 from trainer_client_approval a where a.trainer_id = u.user_id and a.client_org_id = c.client_org_id)
          limit 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("the demo has trainers not approved for some sponsor");
    let forged = format!("{cohort}:{to}");
    ops.post_form("/api/ops/apply_redistribution", &[("fingerprint", &fingerprint), ("moves", &forged)]).await;
    assert!(ops.get("/ops/redistribute").await.body.contains("not a proposal this page made"));
    ops.post_form("/api/ops/apply_redistribution", &[("fingerprint", &fingerprint), ("moves", "1:x,2")]).await;
    assert!(ops.get("/ops/redistribute").await.body.contains("not a proposal this page made"));
    assert_eq!(assignment(&app.pool).await, before);

    // A capacity changed after the preview: nothing moves.
    let other = user_id(&app.pool, "trainer03@ruralrise.test").await.to_string();
    ops.post_form("/api/ops/set_trainer_capacity", &[("trainer", &other), ("capacity", "300")]).await;
    ops.post_form("/api/ops/apply_redistribution", &[("fingerprint", &fingerprint), ("moves", &moves_value)]).await;
    assert!(ops.get("/ops/redistribute").await.body.contains("changed since this proposal was made"));
    assert_eq!(assignment(&app.pool).await, before);
    assert_eq!(count(&app.pool, "select count(*) from audit_log where action = 'load_redistributed'").await, 0);

    // Operations' moves by hand keep to approvals too.
    let cohort_s = cohort.to_string();
    let to_s = to.to_string();
    ops.post_form("/api/ops/reassign_cohort", &[("cohort", &cohort_s), ("trainer", &to_s)]).await;
    assert_eq!(assignment(&app.pool).await, before);
}

#[sqlx::test(migrations = "./migrations")]
async fn the_dry_run_prints_the_same_proposal_as_json_and_changes_nothing(pool: PgPool) {
    let app = spawn(pool).await;
    squeeze_demo_trainer(&app.pool).await;
    let before = assignment(&app.pool).await;
    let mut ops = signed_in(&app, OPS).await;
    let page = ops.get("/ops/redistribute").await.body;
    // The test's own database, on the server `with-db` started (its address names a socket folder).
    let server = std::env::var("DATABASE_URL").expect("tests run under `ruralrise with-db`");
    let (base, query) = server.split_once('?').unwrap_or((server.as_str(), ""));
    let name = app.pool.connect_options().get_database().expect("a test database").to_owned();
    let url = format!("{}/{name}?{query}", &base[..base.rfind('/').unwrap()]);
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_ruralrise"))
        .args(["redistribute", "--dry-run"])
        .env("DATABASE_URL", &url)
        .output()
        .await
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["fingerprint"].as_str(), Some(hidden(&page, "fingerprint")));
    let printed: Vec<(i64, i64)> =
        json["moves"].as_array().unwrap().iter().map(|m| (m["cohort_id"].as_i64().unwrap(), m["to_id"].as_i64().unwrap())).collect();
    assert_eq!(printed, moves(&page));
    assert!(json["after"]["objective"].as_f64() <= json["greedy"]["objective"].as_f64());
    assert!(json["trainers"].as_array().unwrap().iter().all(|t| t["before"].is_i64() && t["after"].is_i64()));
    assert_eq!(assignment(&app.pool).await, before);
}
