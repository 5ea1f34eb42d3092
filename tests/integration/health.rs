//! Probes, metrics and the health page; and what people get when the database dies under the
//! app: a quick translated 503, then service again once the app has restarted its cluster.

use crate::common::*;
use reqwest::StatusCode;
use ruralrise::server::config::Config;
use ruralrise::server::embedded_pg::EmbeddedPostgres;
use sqlx::PgPool;
use std::time::{Duration, Instant};

#[sqlx::test(migrations = "./migrations")]
async fn probes_say_alive_and_ready_and_metrics_stay_private(pool: PgPool) {
    let app = spawn(pool).await;
    let mut b = Browser::new(&app);
    let r = b.get("/healthz").await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ok"));
    let r = b.get("/readyz").await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ready"));

    let mut ops = signed_in(&app, OPS).await;
    let r = ops.get("/train/learners/1").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = ops.get("/ops/health").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Answering"), "{}", r.body);
    let pending = count(&app.pool, "select count(*) from submission where status = 'pending'").await;
    assert!(pending > 0);
    assert!(r.body.contains(&format!("Submissions for trainers to grade</th><td class=\"num\">{pending}</td>")), "{}", r.body);
    assert!(r.body.contains("No outages since the app started."));

    // A scraper on this machine, talking to the app directly, reads the figures by route template.
    let r = b.get("/metrics").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(r#"ruralrise_http_requests_total{method="GET",route="/ops/health",status="2xx"} 1"#), "{}", r.body);
    assert!(r.body.contains(r#"route="/train/learners/{id}",status="4xx"} 1"#), "ids never become labels: {}", r.body);
    assert!(r.body.contains("ruralrise_db_pool_max_connections "), "{}", r.body);
    assert!(r.body.contains("ruralrise_db_up 1"), "{}", r.body);
    // Through a proxy (which names the client it forwards) it is not there at all.
    let mut outsider = Browser::from_address(&app, "203.0.113.9");
    assert_eq!(outsider.get("/metrics").await.status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrations = "./migrations")]
async fn with_a_metrics_token_only_its_bearer_reads_metrics(pool: PgPool) {
    let cfg = Config { trust_proxy: true, metrics_token: Some("scrape-me-7Q".into()), ..Config::plain(scratch_dir()) };
    let app = spawn_with(pool, cfg).await;
    let mut b = Browser::new(&app);
    assert_eq!(b.get("/metrics").await.status, StatusCode::NOT_FOUND, "local callers need the token too");
    let r = b.send(|c, base| c.get(format!("{base}/metrics")).bearer_auth("scrape-me-7X")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = b.send(|c, base| c.get(format!("{base}/metrics")).bearer_auth("scrape-me-7Q")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("# TYPE ruralrise_http_request_duration_seconds histogram"), "{}", r.body);
}

/// Its own cluster, killed like a crash (SIGKILL to the postmaster), so the shared test server is
/// never touched.
#[tokio::test]
async fn a_killed_database_gets_a_quick_translated_503_and_the_app_brings_it_back() {
    let dir = scratch_dir();
    let pg = EmbeddedPostgres::start(&dir).await.expect("a private cluster");
    let url = pg.ensure_database("ruralrise").await.expect("database");
    let pool = ruralrise::server::db::connect(&url).await.expect("pool");
    ruralrise::server::db::migrate(&pool).await.expect("migrations");
    let cfg = Config { trust_proxy: true, ..Config::plain(scratch_dir()) };
    let app = spawn_supervising(pool.clone(), cfg, Some(pg.clone())).await;
    let mut learner = signed_in(&app, LEARNER).await;
    assert_eq!(learner.get("/learn").await.status, StatusCode::OK);

    let pid = pg.postmaster_pid().expect("postmaster.pid");
    assert!(std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status().unwrap().success());
    let killed = Instant::now();

    // The first request may be the one that finds out; from then on the answer is immediate.
    let mut first_503 = None;
    while first_503.is_none() && killed.elapsed() < Duration::from_secs(5) {
        let r = learner.get("/learn").await;
        if r.status == StatusCode::SERVICE_UNAVAILABLE {
            first_503 = Some(killed.elapsed());
        }
    }
    let first_503 = first_503.expect("a 503 within five seconds of the crash");
    assert!(first_503 < Duration::from_secs(3), "found out after {first_503:?}");
    learner.accept_language = Some("fr".into());
    let asked = Instant::now();
    let r = learner.get("/learn").await;
    // The app may already have the cluster back up; only a 503 is judged here.
    if r.status == StatusCode::SERVICE_UNAVAILABLE {
        assert!(asked.elapsed() < Duration::from_secs(1), "took {:?}", asked.elapsed());
        assert_eq!(r.headers.get("retry-after").and_then(|v| v.to_str().ok()), Some("5"));
        assert!(r.body.contains("<html lang=\"fr\">") && r.body.contains("De retour dans un instant"), "{}", r.body);
        assert!(r.body.contains("http-equiv=\"refresh\""), "a page asked for by GET reloads itself");
        // A form's POST is not sent again behind the person's back, and says so.
        let r = learner.post_form("/api/learner/save_profile", &[("weekly_goal", "90")]).await;
        if r.status == StatusCode::SERVICE_UNAVAILABLE {
            assert!(!r.body.contains("http-equiv=\"refresh\""), "{}", r.body);
            assert!(r.body.contains("renvoyez-le"), "{}", r.body);
        }
    }

    // The app starts the cluster again by itself; the session (stored in it) is still good.
    let mut back = None;
    while back.is_none() && killed.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(200)).await;
        if learner.get("/learn").await.status == StatusCode::OK {
            back = Some(killed.elapsed());
        }
    }
    let back = back.expect("service back within 20 s of the crash");
    assert!(back < Duration::from_secs(12), "back after {back:?}");
    eprintln!("database killed: first 503 after {first_503:?}, pages served again after {back:?}");
    assert_eq!(learner.get("/readyz").await.status, StatusCode::OK);
    let mut ops = signed_in(&app, OPS).await;
    let r = ops.get("/ops/health").await;
    assert!(r.body.contains("The app started its built-in database again"), "{}", r.body);
    assert!(r.body.contains("The database stopped answering"), "{}", r.body);
    assert!(r.body.contains("Outages: 1. Restarts of the built-in database: 1."), "{}", r.body);

    pool.close().await;
    pg.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}
