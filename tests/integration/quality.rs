//! Quality and compliance over HTTP: each metric of `/ops/quality` counted on a sponsor of its own
//! (so the demo data stays out of its figures), with its verdict against the target; the cohorts
//! that ended leaving learners unfinished; bad filters refused at their field.

use crate::common::*;
use reqwest::StatusCode;
use ruralrise::domain::quality::RUBRIC_MIN_CRITERIA;
use sqlx::PgPool;

/// The text of the cell after the row header of `#id` (the share) and the one after it (the count).
fn figures<'a>(page: &'a str, id: &str) -> (&'a str, &'a str) {
    let at = page.find(&format!("<tr id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}"));
    let row = &page[at..at + page[at..].find("</tr>").unwrap()];
    let cell = |from: usize| {
        let start = row[from..].find("<td class=\"num\">").expect("a number cell") + from + "<td class=\"num\">".len();
        (start, &row[start..start + row[start..].find('<').unwrap()])
    };
    let (after, share) = cell(0);
    (share, cell(after).1)
}

fn verdict_of<'a>(page: &'a str, id: &str) -> &'a str {
    let at = page.find(&format!("<tr id=\"{id}\"")).unwrap();
    let row = &page[at..at + page[at..].find("</tr>").unwrap()];
    let start = row.find("class=\"verdict").unwrap();
    let text = &row[start + row[start..].find('>').unwrap() + 1..];
    &text[..text.find('<').unwrap()]
}

async fn exec(pool: &PgPool, sql: &str, binds: &[i64]) {
    let mut q = sqlx::query(sql);
    for b in binds {
        q = q.bind(b);
    }
    q.execute(pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn learner(pool: &PgPool, email: &str) -> i64 {
    sqlx::query_scalar("insert into app_user (email, password_hash, role) values ($1, 'x', 'learner') returning user_id")
        .bind(email)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "./migrations")]
async fn the_rollups_rubric_threshold_is_the_definitions(pool: PgPool) {
    let n: i32 = sqlx::query_scalar("select rubric_min_criteria()").fetch_one(&pool).await.unwrap();
    assert_eq!(n, RUBRIC_MIN_CRITERIA, "migrations and domain::quality must agree");
}

#[sqlx::test(migrations = "./migrations")]
async fn each_quality_metric_counts_what_its_definition_says(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = &app.pool;
    let trainer = user_id(pool, TRAINER).await;

    // An assessment with an open item, its path, and what its open items' rubrics hold.
    let (path, assessment, position, criteria): (i64, i64, i32, i32) = sqlx::query_as(
        "select m.learning_path_id, a.assessment_id, i.position, jsonb_array_length(i.rubric -> 'criteria')
           from assessment a join module m on m.module_id = a.module_id
           join assessment_item i on i.assessment_id = a.assessment_id and i.kind = 'open'
          order by a.assessment_id, i.position limit 1",
    )
    .fetch_one(pool)
    .await
    .expect("the demo has an open item");
    let (open_items, written): (i64, i64) = sqlx::query_as(
        "select count(*), count(*) filter (where jsonb_array_length(rubric -> 'criteria') >= $2)
           from assessment_item where assessment_id = $1 and kind = 'open'",
    )
    .bind(assessment)
    .bind(RUBRIC_MIN_CRITERIA)
    .fetch_one(pool)
    .await
    .unwrap();

    // A sponsor of the test's own: a running cohort of four learners who joined three weeks ago,
    // and a cohort that ended yesterday with one of its two learners through the path.
    let client: i64 = sqlx::query_scalar(
        "insert into client_org (name, sector, region) values ('Quality Test Co', 'Retail', 'Coast') returning client_org_id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let cohort = |name: &'static str, status: &'static str, ends: &'static str| async move {
        sqlx::query_scalar::<_, i64>(&format!(
            "insert into cohort (client_org_id, trainer_id, learning_path_id, name, starts_on, ends_on, status)
             values ($1, $2, $3, '{name}', current_date - 60, {ends}, '{status}') returning cohort_id"
        ))
        .bind(client)
        .bind(trainer)
        .bind(path)
        .fetch_one(pool)
        .await
        .unwrap()
    };
    let running = cohort("Quality running", "active", "current_date + 30").await;
    let ended = cohort("Quality ended", "completed", "current_date - 1").await;
    let mut members = Vec::new();
    for i in 0..4 {
        let id = learner(pool, &format!("q{i}@quality.test")).await;
        exec(
            pool,
            "insert into cohort_member (cohort_id, learner_id, joined_at) values ($1, $2, now() - interval '21 days')",
            &[running, id],
        )
        .await;
        members.push(id);
    }
    // One of the four learned two days ago; signing in does not count.
    exec(
        pool,
        "insert into activity_event (user_id, kind, occurred_at) values ($1, 'lesson_started', now() - interval '2 days')",
        &[members[0]],
    )
    .await;
    exec(pool, "insert into activity_event (user_id, kind, occurred_at) values ($1, 'sign_in', now() - interval '1 day')", &[members[1]])
        .await;
    for (i, done) in [(10, true), (11, false)] {
        let id = learner(pool, &format!("q{i}@quality.test")).await;
        exec(
            pool,
            "insert into cohort_member (cohort_id, learner_id, joined_at) values ($1, $2, now() - interval '50 days')",
            &[ended, id],
        )
        .await;
        let completed = if done { "now() - interval '5 days'" } else { "null" };
        exec(
            pool,
            &format!(
                "insert into enrolment (learner_id, learning_path_id, enrolled_at, completed_at) values ($1, $2, now() - interval '50 days', {completed})"
            ),
            &[id, path],
        )
        .await;
    }

    // Graded work: 10 h and 5 h waits are within 48 h, 60 h is not; one with written feedback,
    // one blank, one without; two pre-scored, one agreeing with the trainer on every criterion,
    // one on none. Waiting work: one handed in three days ago (overdue), one an hour ago.
    let levels = |level: i16| vec![level; criteria as usize];
    let item = |level: i16| serde_json::json!([{ "position": position, "levels": levels(level) }]);
    let graded = [(10, Some("Clear steps, well done."), Some((0i16, 0i16))), (60, None, Some((1, 0))), (5, Some("   "), None)];
    for (i, (waited, feedback, scored)) in graded.into_iter().enumerate() {
        let id: i64 = sqlx::query_scalar(
            "insert into submission (assessment_id, learner_id, answers, status, graded_by, submitted_at, graded_at, feedback, score, cohort_id, item_results)
             values ($1, $2, '{}', 'graded', $3, now() - interval '2 hours' - make_interval(hours => $4), now() - interval '2 hours', $5, 70, $6, $7)
             returning submission_id",
        )
        .bind(assessment)
        .bind(members[i])
        .bind(trainer)
        .bind(waited)
        .bind(feedback)
        .bind(running)
        .bind(scored.map_or(serde_json::json!([]), |(trainer_level, _)| item(trainer_level)))
        .fetch_one(pool)
        .await
        .unwrap();
        if let Some((_, ai)) = scored {
            sqlx::query(
                "insert into prescore (submission_id, position, model_version, basis, levels, confidence, reasons, features)
                 values ($1, $2, 'test', md5('x'), $3, 0.8, '[]', '{}')",
            )
            .bind(id)
            .bind(position)
            .bind(levels(ai))
            .execute(pool)
            .await
            .unwrap();
        }
    }
    for (learner_id, hours) in [(members[3], 72), (members[3], 1)] {
        exec(
            pool,
            "insert into submission (assessment_id, learner_id, answers, submitted_at, cohort_id) values ($1, $2, '{}', now() - make_interval(hours => $3::int), $4)",
            &[assessment, learner_id, hours, running],
        )
        .await;
    }

    // Inactivity is read from the background task's count: the seed's count knows nothing of this
    // sponsor, no count at all is said so, and a new count has its learners.
    let mut ops = signed_in(&app, OPS).await;
    let stale = ops.get(&format!("/ops/quality?client={client}")).await.body;
    assert_eq!(figures(&stale, "quality-inactive"), ("none yet", "0 of 0"), "the copy counted at seeding");
    exec(pool, "delete from quality_inactive", &[]).await;
    assert!(ops.get("/ops/quality").await.body.contains("not counted yet"), "before the first count the page says so");
    ruralrise::server::risk::count_copies(pool).await.unwrap();
    let reply = ops.get(&format!("/ops/quality?client={client}")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let page = reply.body;
    assert!(page.contains("Quality Test Co"), "the scope names the sponsor");
    assert_eq!(figures(&page, "quality-graded-in-time"), ("67%", "2 of 3"), "10 h and 5 h are within 48 h, 60 h is not");
    assert!(page.contains("median wait 10 hours"), "{page}");
    assert_eq!(verdict_of(&page, "quality-graded-in-time"), "Missed", "67 % is short of 90 %");
    assert_eq!(figures(&page, "quality-feedback"), ("33%", "1 of 3"), "blank feedback is no feedback");
    let rubric = format!("{} of {}", 3 * written, 3 * open_items);
    assert_eq!(figures(&page, "quality-rubric").1, rubric);
    let agreement = format!("{criteria} of {}", 2 * criteria);
    assert_eq!(figures(&page, "quality-agreement"), ("50%", agreement.as_str()));
    assert_eq!(figures(&page, "quality-overdue"), ("50%", "1 of 2"));
    assert_eq!(verdict_of(&page, "quality-overdue"), "Missed");
    assert_eq!(figures(&page, "quality-ended"), ("100%", "1 of 1"));
    assert!(page.contains("1 learner left unfinished"));
    assert_eq!(figures(&page, "quality-inactive"), ("75%", "3 of 4"), "a sign-in is not learning");
    assert!(page.contains("within 48 hours") && page.contains("in the last 14 days"), "the definitions carry the thresholds");
    let table = &page[page.find("id=\"ended-cohorts\"").expect("the ended cohorts are listed")..];
    assert!(table.contains("Quality ended") && table.contains("1 of 2"), "{table}");
    assert!(!table.contains("Quality running"));

    // The whole programme counts at least as much; another sponsor's view leaves this one out.
    let all = ops.get("/ops/quality").await.body;
    assert!(all.contains("id=\"quality-graded-in-time\""));
    let other: i64 = sqlx::query_scalar("select client_org_id from client_org where client_org_id <> $1 order by 1 limit 1")
        .bind(client)
        .fetch_one(pool)
        .await
        .unwrap();
    let theirs = ops.get(&format!("/ops/quality?client={other}")).await.body;
    assert!(!theirs.contains("Quality ended"));

    // The rollup follows graded work as it changes: feedback written later counts, and an item
    // whose rubric loses its criteria takes its graded answers out of "under a rubric".
    exec(pool, "update submission set feedback = 'Now with notes.' where feedback = '   ' and cohort_id = $1", &[running]).await;
    let after = ops.get(&format!("/ops/quality?client={client}")).await.body;
    assert_eq!(figures(&after, "quality-feedback"), ("67%", "2 of 3"));
    exec(
        pool,
        "update assessment_item set rubric = jsonb_set(rubric, '{criteria}', jsonb_build_array(rubric -> 'criteria' -> 0))
          where assessment_id = $1 and position = $2",
        &[assessment, i64::from(position)],
    )
    .await;
    let after = ops.get(&format!("/ops/quality?client={client}")).await.body;
    let fewer = format!("{} of {}", 3 * (written - i64::from(criteria >= RUBRIC_MIN_CRITERIA)), 3 * open_items);
    assert_eq!(figures(&after, "quality-rubric").1, fewer, "one criterion is not a rubric");

    // Bad filters: the field at fault named, nothing counted.
    let bad = ops.get("/ops/quality?client=999999").await.body;
    assert!(bad.contains("role=\"alert\"") && !bad.contains("id=\"quality-graded-in-time\""), "{bad}");
    assert!(bad.contains("id=\"field-client\"") && bad.contains("aria-invalid=\"true\""));
    let backwards = ops.get("/ops/quality?from=2026-11-10&to=2026-11-01").await.body;
    assert!(backwards.contains("role=\"alert\"") && !backwards.contains("id=\"quality-overdue\""));

    // Only operations.
    for who in [LEARNER, TRAINER] {
        let mut b = signed_in(&app, who).await;
        assert_ne!(b.get("/ops/quality").await.status, StatusCode::OK, "{who}");
    }
}
