//! Operations' CSV reports over HTTP: each report's columns and rows against the database, the
//! row count it announces for the progress bar, filters applied, bad filters sent back to the
//! reports page at their field with nothing downloaded, and nobody but operations served.

use crate::common::*;
use reqwest::StatusCode;

fn rows_of(body: &str) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut csv = csv::Reader::from_reader(body.as_bytes());
    let header = csv.headers().unwrap().iter().map(str::to_owned).collect();
    (header, csv.records().map(Result::unwrap).collect())
}

fn announced(r: &Reply) -> i64 {
    r.headers["x-row-count"].to_str().unwrap().parse().unwrap()
}

#[sqlx::test(migrations = "./migrations")]
async fn each_report_streams_the_rows_it_announces(pool: sqlx::PgPool) {
    let app = spawn(pool).await;
    let pool = &app.pool;
    let mut ops = signed_in(&app, OPS).await;
    let page = ops.get("/ops/reports").await;
    assert_eq!(page.status, StatusCode::OK);
    for form in ["report-learners", "report-cohorts", "report-grading", "report-risks"] {
        assert!(page.body.contains(&format!("id=\"{form}\"")), "{form}");
    }
    assert!(page.body.contains("src=\"/reports.js\""));

    // Learner progress of the sponsor with the most learners: one row per learner and cohort.
    let client: i64 = sqlx::query_scalar(
        "select c.client_org_id from cohort c join cohort_member m using (cohort_id) group by 1 order by count(*) desc, 1 limit 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let r = ops.get(&format!("/ops/reports/learners.csv?client={client}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(r.headers["content-disposition"].to_str().unwrap().contains(&format!("learners-client-{client}-")));
    assert!(r.headers.get("content-length").is_none(), "streamed, not built whole");
    let (header, rows) = rows_of(&r.body);
    assert_eq!(header[0], "learner_id");
    let memberships =
        count(pool, &format!("select count(*) from cohort_member m join cohort c using (cohort_id) where c.client_org_id = {client}"))
            .await;
    assert_eq!((rows.len() as i64, announced(&r)), (memberships, memberships));
    // Lessons done are counted per learner and path, as the learner's progress page counts them.
    let (learner, done): (i64, i64) = sqlx::query_as(
        "select lp.learner_id, count(*) from lesson_progress lp join lesson l using (lesson_id) join module mo using (module_id)
           join cohort c on c.learning_path_id = mo.learning_path_id and c.client_org_id = $1
           join cohort_member m on m.cohort_id = c.cohort_id and m.learner_id = lp.learner_id
          where lp.status = 'completed' group by 1 order by 2 desc, 1 limit 1",
    )
    .bind(client)
    .fetch_one(pool)
    .await
    .unwrap();
    let line = rows.iter().find(|r| r.get(0) == Some(learner.to_string().as_str())).expect("the learner is in the report");
    assert_eq!(line.get(6), Some(done.to_string().as_str()));

    // Every cohort, then one sponsor's.
    let r = ops.get("/ops/reports/cohorts.csv").await;
    let (header, rows) = rows_of(&r.body);
    assert_eq!(header.len(), 13);
    let cohorts = count(pool, "select count(*) from cohort").await;
    assert_eq!((rows.len() as i64, announced(&r)), (cohorts, cohorts));
    let members: i64 = rows.iter().map(|r| r.get(8).unwrap().parse::<i64>().unwrap()).sum();
    assert_eq!(members, count(pool, "select count(*) from cohort_member").await);
    let theirs = rows_of(&ops.get(&format!("/ops/reports/cohorts.csv?client={client}")).await.body).1;
    assert_eq!(theirs.len() as i64, count(pool, &format!("select count(*) from cohort where client_org_id = {client}")).await);

    // Grading in a period: the rows a trainer graded from its first day to its last, UTC.
    let r = ops.get("/ops/reports/grading.csv?from=2026-01-01&to=2026-11-20").await;
    assert_eq!(r.status, StatusCode::OK);
    let graded = count(
        pool,
        "select count(*) from submission where graded_by is not null and graded_at >= '2026-01-01T00:00:00Z' and graded_at < '2026-11-21T00:00:00Z'",
    )
    .await;
    let (header, rows) = rows_of(&r.body);
    assert_eq!(header[4], "within_sla");
    assert_eq!((rows.len() as i64, announced(&r)), (graded, graded));
    for row in &rows {
        let hours: f64 = row.get(3).unwrap().parse().unwrap();
        assert_eq!(row.get(4), Some(if hours < 48.0 { "yes" } else { "no" }), "{row:?}");
    }

    // Risk tickets of one status.
    let r = ops.get("/ops/reports/risks.csv?status=open").await;
    let open = count(pool, "select count(*) from risk_alert where status = 'open'").await;
    let (_, rows) = rows_of(&r.body);
    assert_eq!((rows.len() as i64, announced(&r)), (open, open));
    assert!(rows.iter().all(|r| r.get(4) == Some("open")));
    let all = rows_of(&ops.get("/ops/reports/risks.csv").await.body).1;
    assert_eq!(all.len() as i64, count(pool, "select count(*) from risk_alert").await);

    // Bad filters: back to the page, which names the field; no file.
    for (path, field, message) in [
        ("/ops/reports/learners.csv", "learners-client", "Choose the sponsor."),
        ("/ops/reports/learners.csv?client=999999", "learners-client", ""),
        ("/ops/reports/grading.csv?from=2026-11-10&to=2026-11-01", "grading-to", "The end date is before the start date."),
        ("/ops/reports/risks.csv?status=lost", "risks-status", ""),
    ] {
        let r = ops.get(path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        let back = r.location.expect("sent back to the page");
        assert!(back.starts_with("/ops/reports?report="), "{back}");
        let page = ops.get(&back).await.body;
        let at = page.find(&format!("id=\"{field}\"")).unwrap_or_else(|| panic!("{field} in {page}"));
        assert!(page[at..at + 200].contains("aria-invalid=\"true\""), "{path}: {}", &page[at..at + 200]);
        assert!(page.contains("role=\"alert\"") && page.contains(message), "{path}");
    }
    let kept = ops.get("/ops/reports?report=grading&from=2026-11-10&to=2026-11-01").await.body;
    assert!(kept.contains("value=\"2026-11-10\""), "what was typed is kept");

    // Only operations, and nothing is said to anyone else.
    for who in [LEARNER, TRAINER] {
        let mut b = signed_in(&app, who).await;
        for path in ["/ops/reports/cohorts.csv", "/ops/reports/risks.csv", "/ops/reports"] {
            let r = b.get(path).await;
            assert_ne!(r.status, StatusCode::OK, "{who} {path}");
            assert!(!r.body.contains("cohort_id,"), "{who} {path}");
        }
    }
    let mut nobody = Browser::new(&app);
    assert_ne!(nobody.get("/ops/reports/grading.csv").await.status, StatusCode::OK);
}
