//! Server side (ssr only): the command line, infrastructure (configuration, embedded PostgreSQL,
//! router, request identification, security), all SQL (`db/`) and the demo world (`demo/`).

pub mod config;
pub mod db;
pub mod demo;
pub mod embedded_pg;
pub mod request;
pub mod router;
pub mod security;
pub mod state;

use config::Config;
use embedded_pg::EmbeddedPostgres;
use std::process::ExitCode;

const USAGE: &str = "\
usage: ruralrise [COMMAND]

commands:
  serve                     start the web app (default). Without DATABASE_URL it starts a private
                            PostgreSQL cluster in RURALRISE_DATA_DIR (default .data/) and seeds demo data
  seed [--learners N] [--seed S]
                            fill an empty database with the deterministic demo world (N learners)
  with-db DIR -- CMD ARGS   start a private cluster in DIR, run CMD with DATABASE_URL set, stop the cluster
";

pub async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn,tower_sessions=warn".into()),
        )
        .init();

    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None | Some("serve") => serve().await,
        Some("seed") => seed_command(&args[1..]).await,
        Some("with-db") => with_db(&args[1..]).await,
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => Err(format!("unknown command {other:?}\n\n{USAGE}")),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("ruralrise: {message}");
            ExitCode::FAILURE
        }
    }
}

/// A database to use: the one named by DATABASE_URL, or a private cluster this process owns.
struct Database {
    url: String,
    embedded: Option<EmbeddedPostgres>,
}

impl Database {
    async fn open(config: &Config) -> Result<Self, String> {
        match &config.database_url {
            Some(url) => Ok(Database { url: url.clone(), embedded: None }),
            None => {
                let pg = EmbeddedPostgres::start(&config.data_dir).await.map_err(|e| e.to_string())?;
                let url = pg.ensure_database("ruralrise").await.map_err(|e| e.to_string())?;
                Ok(Database { url, embedded: Some(pg) })
            }
        }
    }

    async fn close(self) {
        if let Some(pg) = self.embedded {
            pg.stop().await;
        }
    }
}

async fn serve() -> Result<ExitCode, String> {
    let config = Config::from_env()?;
    let db = Database::open(&config).await?;
    let outcome = serve_on(&config, &db.url).await;
    db.close().await;
    outcome.map(|_| ExitCode::SUCCESS)
}

async fn serve_on(config: &Config, url: &str) -> Result<(), String> {
    let pool = db::connect(url).await.map_err(|e| format!("cannot connect to the database: {e}"))?;
    db::migrate(&pool).await?;
    if config.seed_demo && db::users::none_exist(&pool).await.map_err(|e| e.to_string())? {
        let started = std::time::Instant::now();
        let report = seed_demo(&pool, &demo::SeedOptions::demo()).await.map_err(|e| format!("seeding failed: {e}"))?;
        tracing::info!(learners = report.learners, ms = started.elapsed().as_millis() as u64, "demo data seeded");
    }
    let leptos_options = config::leptos_options()?;
    let addr = leptos_options.site_addr;
    let state = state::AppState { leptos_options, pool: pool.clone(), cookie_secure: config.cookie_secure };
    let app = router::build(state, config).await?;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    println!("RuralRise is running at http://{addr}");
    println!("Demo accounts (password {}):", demo::DEMO_PASSWORD);
    for (email, role) in demo::DEMO_ACCOUNTS {
        println!("  {:<11} {email}", role.as_str());
    }
    println!("Stop with Ctrl-C.");
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await.map_err(|e| format!("server error: {e}"))?;
    pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

async fn seed_command(args: &[String]) -> Result<ExitCode, String> {
    let mut options = demo::SeedOptions::demo();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let value = it.next().ok_or_else(|| format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--learners" => options.learners = value.parse().map_err(|_| "--learners takes a whole number".to_string())?,
            "--seed" => options.seed = value.parse().map_err(|_| "--seed takes a whole number".to_string())?,
            _ => return Err(format!("unknown option {arg}\n\n{USAGE}")),
        }
    }
    let config = Config::from_env()?;
    let db = Database::open(&config).await?;
    let outcome = async {
        let pool = db::connect(&db.url).await.map_err(|e| e.to_string())?;
        db::migrate(&pool).await?;
        if !db::users::none_exist(&pool).await.map_err(|e| e.to_string())? {
            return Err("the database already has users; seed only fills an empty database".to_string());
        }
        let started = std::time::Instant::now();
        let report = seed_demo(&pool, &options).await?;
        println!(
            "seeded {} learners, {} trainers, {} cohorts, {} activity events, {} submissions in {:.1} s",
            report.learners,
            report.trainers,
            report.cohorts,
            report.events,
            report.submissions,
            started.elapsed().as_secs_f64()
        );
        Ok(())
    }
    .await;
    db.close().await;
    outcome.map(|_| ExitCode::SUCCESS)
}

/// Generates the demo world and stores it: the one place the generator and its store meet.
pub async fn seed_demo(pool: &sqlx::PgPool, options: &demo::SeedOptions) -> Result<demo::SeedReport, String> {
    // The same secret for every demo account is hashed once; argon2 is slow on purpose.
    let hash = tokio::task::spawn_blocking(|| crate::auth::password::hash_blocking(demo::DEMO_PASSWORD))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    let world = demo::generate(options, &hash);
    db::demo::insert_world(pool, &world).await.map_err(|e| e.to_string())?;
    Ok(world.report())
}

async fn with_db(args: &[String]) -> Result<ExitCode, String> {
    let (dir, rest) = args.split_first().ok_or_else(|| USAGE.to_string())?;
    let cmd = match rest.split_first() {
        Some((sep, cmd)) if sep == "--" && !cmd.is_empty() => cmd,
        _ => return Err(USAGE.to_string()),
    };
    let pg = EmbeddedPostgres::start(std::path::Path::new(dir)).await.map_err(|e| e.to_string())?;
    let url = pg.url("postgres");
    let status = tokio::process::Command::new(&cmd[0]).args(&cmd[1..]).env("DATABASE_URL", &url).status().await;
    pg.stop().await;
    let status = status.map_err(|e| format!("cannot run {}: {e}", cmd[0]))?;
    Ok(ExitCode::from(status.code().unwrap_or(1).clamp(0, 255) as u8))
}
