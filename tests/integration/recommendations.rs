//! Operations' recommendations over HTTP: a sponsor growing by ten learners a week gets the
//! trainers its trend needs (beside the naive forecast), small cohorts of one sponsor and path are
//! paired to merge and an oversized one is marked to split, and a trainer over capacity is named
//! with the numbers; nobody but operations sees the page.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

async fn sponsor(pool: &PgPool, name: &str) -> i64 {
    sqlx::query_scalar("insert into client_org (name, sector, region) values ($1, 'Retail', 'Coast') returning client_org_id")
        .bind(name)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// A running cohort of the demo trainer with `members` new learners.
async fn cohort(pool: &PgPool, client: i64, path: i64, trainer: i64, name: &str, members: i64) -> i64 {
    let id: i64 = sqlx::query_scalar(
        "insert into cohort (client_org_id, trainer_id, learning_path_id, name, starts_on, ends_on, status)
         values ($1, $2, $3, $4, current_date - 10, current_date + 50, 'active') returning cohort_id",
    )
    .bind(client)
    .bind(trainer)
    .bind(path)
    .bind(name)
    .fetch_one(pool)
    .await
    .unwrap();
    let learners: Vec<i64> = sqlx::query_scalar(
        "insert into app_user (email, password_hash, role)
         select $1 || '-' || g || '@shape.test', 'x', 'learner' from generate_series(1, $2::int) g returning user_id",
    )
    .bind(name.to_lowercase().replace(' ', "-"))
    .bind(members as i32)
    .fetch_all(pool)
    .await
    .unwrap();
    sqlx::query("insert into cohort_member (cohort_id, learner_id) select $1, unnest($2::int8[])")
        .bind(id)
        .bind(&learners)
        .execute(pool)
        .await
        .unwrap();
    id
}

#[sqlx::test(migrations = "./migrations")]
async fn recommendations_come_with_their_numbers(pool: PgPool) {
    let app = spawn(pool).await;
    let pool = &app.pool;
    let trainer = user_id(pool, TRAINER).await;
    let path: i64 = sqlx::query_scalar("select min(learning_path_id) from learning_path").fetch_one(pool).await.unwrap();

    // Ten more learners every week for sixteen weeks, and no cohort yet: 160 now, 200 expected.
    let growing = sponsor(pool, "Growth Co").await;
    sqlx::query(
        "insert into kpi_day (client_org_id, learning_path_id, cohort_id, day, d_members)
         select $1, 0, 0, current_date - 7 * k, 10 from generate_series(0, 15) k",
    )
    .bind(growing)
    .execute(pool)
    .await
    .unwrap();

    let shaped = sponsor(pool, "Shape Co").await;
    let small = cohort(pool, shaped, path, trainer, "Shape Small", 3).await;
    cohort(pool, shaped, path, trainer, "Shape Partner", 5).await;
    let big = cohort(pool, shaped, path, trainer, "Shape Big", 61).await;

    // The demo trainer can follow one learner: over capacity by all the rest.
    sqlx::query("insert into trainer_profile (trainer_id, capacity) values ($1, 1) on conflict (trainer_id) do update set capacity = 1")
        .bind(trainer)
        .execute(pool)
        .await
        .unwrap();
    let load: i64 = sqlx::query_scalar(
        "select coalesce(sum(k.members), 0)::int8 from cohort c join kpi_cohort k using (cohort_id)
          where c.trainer_id = $1 and c.status in ('planned', 'active')",
    )
    .bind(trainer)
    .fetch_one(pool)
    .await
    .unwrap();

    let mut ops = signed_in(&app, OPS).await;
    let reply = ops.get("/ops/recommendations").await;
    assert_eq!(reply.status, StatusCode::OK);
    let page = reply.body;

    let staffing = &page[page.find("id=\"staffing\"").expect("a staffing table")..];
    let row = &staffing[staffing.find(&format!("/ops/clients/{growing}")).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    for (figure, why) in [
        (">160<", "learners now"),
        (">200<", "the trend four weeks on"),
        ("+10 a week", "the slope"),
        ("Add 2 trainers", "200 learners at 120 each, none serving"),
        ("needs 2, and 0 serve the sponsor now", "the reason"),
    ] {
        assert!(row.contains(figure), "{why}: {row}");
    }
    assert!(page.contains("id=\"backtest\""), "the forecasts are back-tested");

    let shapes = &page[page.find("id=\"shapes\"").expect("a shapes table")..];
    let shapes = &shapes[..shapes.find("</table>").unwrap()];
    // The partner's name is data, marked untranslated, after the advice.
    assert!(shapes.contains("Merge with") && shapes.contains("<span translate=\"no\">Shape Partner</span>"), "{shapes}");
    assert!(shapes.contains("3 learners, fewer than 8; the other has 5: 8 together."), "{shapes}");
    assert!(shapes.contains("Shape Big") && shapes.contains("61 learners, more than 60: two cohorts of about 31 each."), "{shapes}");
    assert!(shapes.find("Shape Big") < shapes.find("Shape Small"), "splits first");
    let _ = (small, big);

    let over = &page[page.find("id=\"overloaded\"").expect("an overload table")..];
    let over = &over[..over.find("</table>").unwrap()];
    assert!(over.contains(&format!("/ops/trainers/{trainer}")), "{over}");
    assert!(over.contains(&format!("{} learners over capacity", load - 1)), "{over}");

    for who in [LEARNER, TRAINER] {
        let mut b = signed_in(&app, who).await;
        assert_ne!(b.get("/ops/recommendations").await.status, StatusCode::OK, "{who}");
    }
}
