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
