//! The audit viewer: operations filters the log by actor, action, target and dates, pages through
//! it by keyset, and downloads the same view as CSV; nobody else sees any of it.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::PgPool;

fn rows_in(page: &str) -> usize {
    let table = page.split("<table id=\"audit\">").nth(1).unwrap_or("");
    table.split("<tbody>").nth(1).map_or(0, |body| body.split("</tbody>").next().unwrap_or("").matches("<tr>").count())
}

#[sqlx::test(migrations = "./migrations")]
async fn operations_filters_the_log_by_who_what_and_when(pool: PgPool) {
    let app = spawn(pool).await;
    signed_in(&app, LEARNER).await;
    let mut ops = signed_in(&app, OPS).await;
    let page = ops.get("/ops/audit?actor=Learner%40RuralRise.test&action=sign_in").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(rows_in(&page.body), 1, "{}", page.body);
    assert!(page.body.contains("learner@ruralrise.test") && page.body.contains("<code>sign_in</code>"));
    let none = ops.get("/ops/audit?actor=learner%40ruralrise.test&action=pin_set").await.body;
    assert!(none.contains("No entry matches these filters."));
    // Days are whole UTC days: today's sign-in is inside today..today and outside yesterday.
    let today = chrono::Utc::now().date_naive();
    let yesterday = today.pred_opt().unwrap();
    let inside = ops.get(&format!("/ops/audit?action=sign_in&from={today}&to={today}")).await.body;
    assert!(rows_in(&inside) >= 2, "the learner's and the operator's sign-ins");
    let before = ops.get(&format!("/ops/audit?action=sign_in&to={yesterday}")).await.body;
    assert!(!before.contains("learner@ruralrise.test"));
    // What cannot be read is said and left out, not a failed page.
    let odd = ops.get("/ops/audit?from=31%2F11%2F2026&target_id=first&action=drop%20table").await;
    assert_eq!(odd.status, StatusCode::OK);
    assert!(odd.body.contains("Some filters could not be read"));
    assert!(rows_in(&odd.body) > 0);
}

#[sqlx::test(migrations = "./migrations")]
async fn keyset_pages_show_every_entry_once(pool: PgPool) {
    let app = spawn(pool).await;
    sqlx::query(
        "insert into audit_log (action, target_kind, target_id, detail)
         select 'pin_set', 'cohort', 424242, jsonb_build_object('n', n) from generate_series(1, 120) n",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let mut ops = signed_in(&app, OPS).await;
    let mut path = "/ops/audit?target_kind=cohort&target_id=424242".to_owned();
    let mut seen = Vec::new();
    loop {
        let page = ops.get(&path).await.body;
        seen.push(rows_in(&page));
        let Some(next) = page.split("id=\"older\" href=\"").nth(1).and_then(|r| r.split('"').next()) else { break };
        path = next.replace("&amp;", "&");
        assert!(path.contains("target_id=424242"), "the filters stay on the next page: {path}");
    }
    assert_eq!(seen, vec![50, 50, 20]);
}

#[sqlx::test(migrations = "./migrations")]
async fn the_csv_export_holds_the_filtered_rows_and_only_operations_gets_it(pool: PgPool) {
    let app = spawn(pool).await;
    sqlx::query(
        r#"insert into audit_log (action, target_kind, target_id, detail)
           values ('pin_set', 'cohort', 777, '{"note": "=HYPERLINK(\"http://evil\")"}'),
                  ('pin_set', 'cohort', 777, '{"name": "<script>alert(1)</script>"}')"#,
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let mut ops = signed_in(&app, OPS).await;
    let csv = ops.get("/ops/audit.csv?target_kind=cohort&target_id=777").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(csv.headers["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "id,at_utc,actor,action,target_kind,target_id,detail");
    assert_eq!(lines.len(), 3, "{}", csv.body);
    assert!(lines.iter().skip(1).all(|l| l.contains(",pin_set,cohort,777,")));
    // The page shows user-supplied text as text.
    let page = ops.get("/ops/audit?target_id=777").await.body;
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>alert(1)"));

    for (who, mut b, status) in [
        ("learner", signed_in(&app, LEARNER).await, StatusCode::FORBIDDEN),
        ("trainer", signed_in(&app, TRAINER).await, StatusCode::FORBIDDEN),
        ("stranger", Browser::new(&app), StatusCode::UNAUTHORIZED),
    ] {
        let r = b.get("/ops/audit.csv").await;
        assert_eq!(r.status, status, "{who}");
        assert!(r.body.is_empty(), "{who} gets no data");
        let page = b.get("/ops/audit").await;
        assert!(!page.body.contains("<table id=\"audit\">"), "{who}");
    }
}
