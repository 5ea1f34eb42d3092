//! A private PostgreSQL cluster run from the machine's own PostgreSQL binaries, in a data folder
//! of the project, reachable only through a Unix socket in that folder.
//!
//! PostgreSQL refuses to run as root, so when we are root the cluster runs as the `postgres`
//! OS user (which Debian's server package creates) and its folders are handed to that user.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    #[error(
        "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them \
         (Debian: apt-get install postgresql-15), set PG_BINDIR to their folder, or set DATABASE_URL to use an existing server."
    )]
    BinariesMissing,
    #[error(
        "the data folder {dir} was made by PostgreSQL {found}, but this machine has PostgreSQL {have}. \
         Move that folder aside (or delete it to start again with fresh demo data), or set DATABASE_URL."
    )]
    VersionMismatch { dir: String, found: String, have: String },
    #[error(
        "running as root, PostgreSQL must run as the 'postgres' OS user, and there is none. \
         Install Debian's postgresql package (it creates the user) or run RuralRise as a normal user."
    )]
    NoPostgresUser,
    #[error("{what} failed: {detail}")]
    Command { what: String, detail: String },
    #[error("cannot prepare {path}: {source}")]
    Io { path: String, source: std::io::Error },
}

#[derive(Clone)]
pub struct EmbeddedPostgres {
    bindir: PathBuf,
    data_dir: PathBuf,
    socket_dir: PathBuf,
    log: PathBuf,
    run_as: Option<(u32, u32)>,
}

impl EmbeddedPostgres {
    /// Creates the cluster on first use, starts it (or adopts one left running by a crashed
    /// run of ours), and waits until it accepts connections.
    pub async fn start(root: &Path) -> Result<Self, EmbeddedError> {
        let root = absolute(root)?;
        tokio::task::spawn_blocking(move || Self::start_blocking(&root))
            .await
            .map_err(|e| EmbeddedError::Command { what: "starting PostgreSQL".into(), detail: e.to_string() })?
    }

    fn start_blocking(root: &Path) -> Result<Self, EmbeddedError> {
        let bindir = find_bindir().ok_or(EmbeddedError::BinariesMissing)?;
        let have = server_major_version(&bindir)?;
        let run_as = if is_root() { Some(postgres_user().ok_or(EmbeddedError::NoPostgresUser)?) } else { None };

        let data_dir = root.join("pgdata");
        let socket_dir = socket_dir_for(root);
        for dir in [root, socket_dir.as_path()] {
            std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        }
        let pg = EmbeddedPostgres { bindir, data_dir, socket_dir, log: root.join("postgres.log"), run_as };
        pg.hand_over(root)?;
        pg.hand_over(&pg.socket_dir)?;
        // Where to find the socket (e.g. `psql -h "$(cat .data/socket_dir)" -U postgres ruralrise`).
        let note = root.join("socket_dir");
        std::fs::write(&note, pg.socket_dir.display().to_string()).map_err(|e| io(&note, e))?;

        let version_file = pg.data_dir.join("PG_VERSION");
        if version_file.exists() {
            let found = std::fs::read_to_string(&version_file).map_err(|e| io(&version_file, e))?.trim().to_string();
            if found != have {
                return Err(EmbeddedError::VersionMismatch { dir: pg.data_dir.display().to_string(), found, have });
            }
        } else {
            tracing::info!(dir = %pg.data_dir.display(), "creating a private PostgreSQL cluster");
            pg.run(
                "initdb",
                pg.pg_cmd("initdb").arg("-D").arg(&pg.data_dir).args([
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--no-locale",
                    "--no-sync",
                ]),
            )?;
        }

        if pg.is_running() {
            tracing::warn!("a cluster from an earlier run is still up in {}; using it", pg.data_dir.display());
        } else {
            pg.start_server()?;
        }
        Ok(pg)
    }

    /// Whether the cluster's postmaster is alive (`pg_ctl status`).
    pub fn is_running(&self) -> bool {
        self.pg_cmd("pg_ctl").arg("status").arg("-D").arg(&self.data_dir).output().is_ok_and(|o| o.status.success())
    }

    /// Starts the server on the existing cluster and waits until it accepts connections. After a
    /// crash PostgreSQL replays its write-ahead log first, so every committed write is back.
    pub fn start_server(&self) -> Result<(), EmbeddedError> {
        let options = format!("-k {} -c listen_addresses='' -c unix_socket_permissions=0700 -c fsync=on", self.socket_dir.display());
        self.run(
            "pg_ctl start",
            self.pg_cmd("pg_ctl")
                .arg("-D")
                .arg(&self.data_dir)
                .arg("-l")
                .arg(&self.log)
                .arg("-o")
                .arg(options)
                .args(["-w", "-t", "60", "start"]),
        )
        .map_err(|e| match e {
            EmbeddedError::Command { what, detail } => {
                EmbeddedError::Command { what, detail: format!("{detail} (see {})", self.log.display()) }
            }
            other => other,
        })
    }

    /// The postmaster's process id, from its lock file (for fault scripts and logs).
    pub fn postmaster_pid(&self) -> Option<u32> {
        std::fs::read_to_string(self.data_dir.join("postmaster.pid")).ok()?.lines().next()?.trim().parse().ok()
    }

    /// Connection URL for `database` on this cluster's socket.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@localhost/{database}?host={}&port=5432", self.socket_dir.display())
    }

    /// Creates `name` if it is missing and returns its URL.
    pub async fn ensure_database(&self, name: &str) -> Result<String, EmbeddedError> {
        crate::server::db::admin::create_database_if_missing(&self.url("postgres"), name)
            .await
            .map_err(|e| EmbeddedError::Command { what: format!("creating database {name}"), detail: e.to_string() })?;
        Ok(self.url(name))
    }

    /// Stops the cluster, waiting for a clean shutdown.
    pub async fn stop(&self) {
        let this = self.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            let stopped = this.run("pg_ctl stop", this.pg_cmd("pg_ctl").arg("-D").arg(&this.data_dir).args(["-m", "fast", "-w", "stop"]));
            // Someone else may have stopped it first (a signal to every process on the machine).
            (stopped, this.is_running())
        })
        .await;
        match outcome {
            Ok((Ok(()), _)) | Ok((Err(_), false)) => tracing::info!("PostgreSQL stopped"),
            Ok((Err(e), true)) => tracing::error!(error = %e, "stopping PostgreSQL"),
            Err(e) => tracing::error!(error = %e, "stopping PostgreSQL"),
        }
    }

    fn pg_cmd(&self, program: &str) -> Command {
        let mut cmd = Command::new(self.bindir.join(program));
        // A process group of its own: Ctrl-C in the terminal signals the app's whole group, and
        // the app, not the terminal, decides when and how the cluster stops.
        cmd.process_group(0);
        if let Some((uid, gid)) = self.run_as {
            cmd.uid(uid).gid(gid);
            // The postgres user cannot read root's home; give it a folder it can.
            cmd.current_dir("/");
        }
        cmd
    }

    fn run(&self, what: &str, cmd: &mut Command) -> Result<(), EmbeddedError> {
        let out: Output = cmd.output().map_err(|e| EmbeddedError::Command { what: what.into(), detail: e.to_string() })?;
        if out.status.success() {
            Ok(())
        } else {
            let detail = format!("{} {}", String::from_utf8_lossy(&out.stderr).trim(), String::from_utf8_lossy(&out.stdout).trim());
            Err(EmbeddedError::Command { what: what.into(), detail: detail.trim().to_owned() })
        }
    }

    /// Gives a folder to the user the cluster runs as, with no access for anyone else.
    fn hand_over(&self, dir: &Path) -> Result<(), EmbeddedError> {
        if let Some((uid, gid)) = self.run_as {
            std::os::unix::fs::chown(dir, Some(uid), Some(gid)).map_err(|e| io(dir, e))?;
            // The cluster user must also be able to walk down to the folder.
            let mut probe = Command::new("test");
            probe.arg("-w").arg(dir).uid(uid).gid(gid).current_dir("/");
            if !probe.status().map(|s| s.success()).unwrap_or(false) {
                return Err(EmbeddedError::Command {
                    what: format!("preparing {}", dir.display()),
                    detail: "the 'postgres' OS user cannot reach this folder; put the project (or RURALRISE_DATA_DIR) \
                             where that user can enter every parent folder"
                        .into(),
                });
            }
        }
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(|e| io(dir, e))
    }
}

fn io(path: &Path, source: std::io::Error) -> EmbeddedError {
    EmbeddedError::Io { path: path.display().to_string(), source }
}

fn absolute(path: &Path) -> Result<PathBuf, EmbeddedError> {
    std::path::absolute(path).map_err(|e| io(path, e))
}

/// Unix socket paths are limited to ~107 bytes; a deep project folder gets a short one in /tmp.
fn socket_dir_for(root: &Path) -> PathBuf {
    let inside = root.join("run");
    if inside.as_os_str().len() + ".s.PGSQL.5432".len() + 1 < 100 {
        return inside;
    }
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    root.hash(&mut h);
    PathBuf::from(format!("/tmp/ruralrise-{:016x}", h.finish()))
}

fn find_bindir() -> Option<PathBuf> {
    let has_server = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Ok(dir) = std::env::var("PG_BINDIR") {
        let dir = PathBuf::from(dir);
        return has_server(&dir).then_some(dir);
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if out.status.success() && has_server(&dir) {
            return Some(dir);
        }
    }
    // Debian keeps server binaries out of PATH, one folder per major version: take the newest.
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let major = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            has_server(&bin).then_some((major, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, dir)| dir)
}

fn server_major_version(bindir: &Path) -> Result<String, EmbeddedError> {
    let out = Command::new(bindir.join("initdb"))
        .arg("--version")
        .output()
        .map_err(|e| EmbeddedError::Command { what: "initdb --version".into(), detail: e.to_string() })?;
    // "initdb (PostgreSQL) 15.18" -> "15"
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_whitespace()
        .last()
        .and_then(|v| v.split('.').next())
        .map(str::to_owned)
        .ok_or_else(|| EmbeddedError::Command { what: "initdb --version".into(), detail: text.to_string() })
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

fn postgres_user() -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.len() > 3 && fields[0] == "postgres").then(|| Some((fields[2].parse().ok()?, fields[3].parse().ok()?)))?
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_roots_keep_the_socket_inside_the_project() {
        assert_eq!(socket_dir_for(Path::new("/work/main/.data")), PathBuf::from("/work/main/.data/run"));
    }

    #[test]
    fn deep_roots_get_a_short_socket_folder() {
        let deep = PathBuf::from(format!("/{}", "very-long-folder-name/".repeat(6)));
        let dir = socket_dir_for(&deep);
        assert!(dir.to_string_lossy().starts_with("/tmp/ruralrise-"), "{}", dir.display());
        assert_eq!(dir, socket_dir_for(&deep), "the same root always maps to the same folder");
    }
}
