//! The server binary refuses to start on a broken setup, and says what to do about it.

use std::process::Command;

fn serve_with(data_dir: &std::path::Path, extra_env: &[(&str, &str)]) -> (bool, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ruralrise"));
    cmd.arg("serve").env("RURALRISE_DATA_DIR", data_dir).env("DATABASE_URL", "");
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run ruralrise");
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ruralrise-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_data_folder_from_another_postgres_version_is_refused_with_advice() {
    let dir = scratch("version");
    std::fs::create_dir_all(dir.join("pgdata")).unwrap();
    std::fs::write(dir.join("pgdata/PG_VERSION"), "9\n").unwrap();
    let (ok, stderr) = serve_with(&dir, &[]);
    assert!(!ok);
    assert!(stderr.contains("was made by PostgreSQL 9"), "{stderr}");
    assert!(stderr.contains("Move that folder aside") && stderr.contains("DATABASE_URL"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("pgdata/PG_VERSION")).unwrap(), "9\n", "the folder is left untouched");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_postgres_binaries_are_reported_with_advice() {
    let dir = scratch("bin");
    let (ok, stderr) = serve_with(&dir, &[("PG_BINDIR", "/nonexistent/postgresql/bin")]);
    assert!(!ok);
    assert!(stderr.contains("PostgreSQL server binaries (initdb, pg_ctl) were not found"), "{stderr}");
    assert!(stderr.contains("apt-get install") && stderr.contains("DATABASE_URL"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unknown_commands_and_options_print_usage() {
    let out = Command::new(env!("CARGO_BIN_EXE_ruralrise")).arg("frobnicate").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage: ruralrise"));
    let out = Command::new(env!("CARGO_BIN_EXE_ruralrise")).args(["seed", "--learners", "many"]).env("DATABASE_URL", "").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("--learners takes a whole number"));
}

/// The URL of the database behind `pool` (a per-test database in the test cluster).
async fn url_of(pool: &sqlx::PgPool) -> String {
    let name: String = sqlx::query_scalar("select current_database()").fetch_one(pool).await.unwrap();
    let base = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let (head, tail) = base.split_once('?').unwrap_or((&base, ""));
    let head = head.rsplit_once('/').map(|(h, _)| h).unwrap_or(head);
    format!("{head}/{name}?{tail}")
}

#[sqlx::test(migrations = "./migrations")]
async fn a_server_started_for_real_refuses_a_database_with_published_passwords(pool: sqlx::PgPool) {
    let options = ruralrise::server::demo::SeedOptions { learners: 5, seed: 3, now: chrono::Utc::now() };
    ruralrise::server::seed_demo(&pool, &options).await.unwrap();
    let url = url_of(&pool).await;
    let out = Command::new(env!("CARGO_BIN_EXE_ruralrise"))
        .arg("serve")
        .env("DATABASE_URL", &url)
        .env_remove("RURALRISE_DEMO")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("demo world") && stderr.contains("RURALRISE_DEMO=true"), "{stderr}");
}

#[sqlx::test(migrations = "./migrations")]
async fn demo_mode_will_not_mix_with_real_accounts(pool: sqlx::PgPool) {
    let url = url_of(&pool).await;
    let made = Command::new(env!("CARGO_BIN_EXE_ruralrise"))
        .args(["create-operations", "Head.Office@Example.org", "Head Office"])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&made.stdout);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let password = stdout.rsplit(": ").next().unwrap().trim().to_owned();
    assert!(password.len() >= 20, "{stdout}");
    let hash: String =
        sqlx::query_scalar("select password_hash from app_user where email = 'head.office@example.org' and role = 'operations'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(hash.starts_with("$argon2id$") && !hash.contains(&password));
    // The same address twice is refused with words, not a database error.
    let again = Command::new(env!("CARGO_BIN_EXE_ruralrise"))
        .args(["create-operations", "head.office@example.org", "Head Office"])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has an account"));
    // Demo mode on a database with real accounts is refused rather than seeded.
    let demo = Command::new(env!("CARGO_BIN_EXE_ruralrise"))
        .arg("serve")
        .env("DATABASE_URL", &url)
        .env("RURALRISE_DEMO", "true")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .output()
        .unwrap();
    assert!(!demo.status.success());
    assert!(String::from_utf8_lossy(&demo.stderr).contains("already holds real accounts"));
    assert_eq!(sqlx::query_scalar::<_, i64>("select count(*) from app_user").fetch_one(&pool).await.unwrap(), 1);
}

#[test]
fn mastery_fit_prints_parameters_and_each_users_mastery_as_json() {
    let dir = scratch("mastery");
    let mut csv = String::from("order_id,user_id,skill_name,correct\n");
    let mut order = 0;
    for user in 0..12 {
        for i in 0..5 {
            order += 1;
            let right = i >= 3 - (user % 3);
            csv.push_str(&format!("{order},{user},battery-care,{}\n", u8::from(right)));
        }
    }
    csv.push_str("999,0,new-skill,1\n");
    let file = dir.join("answers.csv");
    std::fs::write(&file, csv).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ruralrise")).args(["mastery", "fit"]).arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let fit = &json["skills"]["battery-care"];
    assert_eq!(fit["fitted"], true);
    assert_eq!(fit["answers"], 60);
    assert!(fit["log_likelihood"].as_f64().unwrap() > fit["baseline_log_likelihood"].as_f64().unwrap());
    for p in ["prior", "learn", "guess", "slip"] {
        let v = fit["params"][p].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&v), "{p} = {v}");
    }
    assert_eq!(json["skills"]["new-skill"]["fitted"], false, "one answer keeps the documented defaults");
    assert_eq!(json["skills"]["new-skill"]["params"], json["defaults"]);
    assert!(json["mastery"]["0"]["battery-care"].as_f64().unwrap() > 0.5);
    let held = &json["held_out"]["evaluation"];
    assert!(held["answers"].as_u64().unwrap() > 0, "users held out of a second fit are predicted one answer ahead");
    assert!(held["bkt_log_loss"].as_f64().unwrap() > 0.0 && held["baseline_log_loss"].as_f64().unwrap() > 0.0);

    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "user_id,skill_name,correct\n1,a,1\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ruralrise")).args(["mastery", "fit"]).arg(&bad).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("order_id"));
    let _ = std::fs::remove_dir_all(&dir);
}
