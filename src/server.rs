//! Server side (ssr only): the command line, infrastructure (configuration, embedded PostgreSQL,
//! router, request identification, security, file downloads), all SQL (`db/`), the demo world (`demo/`),
//! and the engines that run in-process (achievements, lesson Markdown).

pub mod achievements;
pub mod assessments;
pub mod calibration;
pub mod config;
pub mod db;
pub mod demo;
pub mod embed;
pub mod embedded_pg;
pub mod exports;
pub mod health;
pub mod learning;
pub mod mail;
pub mod markdown;
pub mod mastery;
pub mod media;
pub mod metrics;
pub mod performance;
pub mod personal_data;
pub mod plain_errors;
pub mod prescoring;
pub mod recommendations;
pub mod redistribute;
pub mod reports;
pub mod request;
pub mod risk;
pub mod router;
pub mod security;
pub mod state;
pub mod sync;

use config::Config;
use embedded_pg::EmbeddedPostgres;
use std::process::ExitCode;

const USAGE: &str = "\
usage: ruralrise [COMMAND]

commands:
  serve                     start the web app (default). Without DATABASE_URL it starts a private
                            PostgreSQL cluster in RURALRISE_DATA_DIR (default .data/). With
                            RURALRISE_DEMO=true an empty database gets the demo world (public passwords)
  seed [--learners N] [--seed S]
                            fill an empty database with the deterministic demo world (N learners)
  create-operations EMAIL NAME
                            add an operations account with a random password, printed once
  with-db DIR -- CMD ARGS   start a private cluster in DIR, run CMD with DATABASE_URL set, stop the cluster
  mastery fit FILE.csv      fit Bayesian Knowledge Tracing per skill from a CSV with the columns
                            order_id,user_id,skill_name,correct and print, as JSON, each skill's
                            parameters (with the fit against a constant-rate baseline) and each
                            user's final mastery per skill, and how BKT and a constant-rate
                            baseline predict the answers of users held out of the fit. No database
  mastery report            the same held-out comparison on this database's answers, and how the
                            recommended next steps compare with \"the next lesson in the path\"
  prescore report           how pre-scores agree with trainers' grades on answers held out of the
                            calibration (one in five): the raw model, the calibrated one and a
                            keyword-overlap baseline, per open item and overall (exact, within one
                            level, quadratic weighted kappa), as JSON
  prescore bench            load the model and pre-score the demo's open answers: load time,
                            milliseconds per answer and the process's memory, as JSON. No database
  redistribute --dry-run    propose how cohorts should move between trainers to even out their
                            load and print it as JSON (moves, load per trainer before and after,
                            the objective against the greedy baseline); changes nothing
  redistribute bench        solve synthetic instances (10,000 learners × 200 trainers,
                            100,000 × 2,000 and 1,000,000 × 20,000) and print the time and both plans' figures, as
                            JSON. No database
  risk report               refit the learners' risk model on the history two weeks back, rescore
                            everyone, and print, as JSON, how it and the rule \"inactive 7+ days and
                            latest graded work not passed\" predicted who stopped among learners
                            held out of the fit (precision, recall, AUC), its coefficients, and how
                            many listed learners trainers marked not useful
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
        Some("create-operations") => create_operations(&args[1..]).await,
        Some("with-db") => with_db(&args[1..]).await,
        Some("mastery") => mastery_command(&args[1..]).await,
        Some("prescore") => prescore_command(&args[1..]).await,
        Some("risk") => risk_command(&args[1..]).await,
        Some("redistribute") => redistribute_command(&args[1..]).await,
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
    let outcome = serve_on(&config, &db.url, db.embedded.clone()).await;
    db.close().await;
    outcome.map(|_| ExitCode::SUCCESS)
}

async fn serve_on(config: &Config, url: &str, embedded: Option<EmbeddedPostgres>) -> Result<(), String> {
    let pool = db::connect(url).await.map_err(|e| format!("cannot connect to the database: {e}"))?;
    db::migrate(&pool).await?;
    let seeded = prepare_demo(config, &pool).await?;
    let embedder = match &config.model_dir {
        Some(dir) => prescoring::load(dir.clone()).await,
        None => None,
    };
    if let (true, Some(embedder)) = (seeded, &embedder) {
        // A fresh demo is pre-scored and calibrated before it serves, so its first queue is in order.
        let started = std::time::Instant::now();
        prescoring::catch_up(&pool, embedder).await.map_err(|e| format!("pre-scoring the demo failed: {e:?}"))?;
        tracing::info!(ms = started.elapsed().as_millis() as u64, "demo open answers pre-scored");
    }
    let prescoring = match embedder {
        Some(embedder) => prescoring::Prescoring::start_loaded(pool.clone(), embedder),
        None => prescoring::Prescoring::off(),
    };
    risk::start(pool.clone());
    record_capacity_hourly(pool.clone());
    let leptos_options = config::leptos_options()?;
    let addr = leptos_options.site_addr;
    let mail = config.mail(addr)?;
    let state = state::AppState {
        leptos_options,
        pool: pool.clone(),
        cookie_secure: config.cookie_secure,
        trust_proxy: config.trust_proxy,
        mail: mail.clone(),
        media: std::sync::Arc::new(config.media()),
        prescoring,
        health: health::Health::start(pool.clone(), embedded),
        metrics: std::sync::Arc::new(metrics::Metrics::new()),
        metrics_token: config.metrics_token.as_deref().map(std::sync::Arc::from),
    };
    let watcher = state.health.clone();
    if config.demo {
        state.media.install_demo().map_err(|e| format!("cannot write the demo videos to the media folder: {e}"))?;
    }
    let app = router::build(state, config).await?;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    println!("RuralRise is running at http://{addr}");
    if config.demo {
        println!("DEMO MODE (RURALRISE_DEMO=true): these accounts share the published password {}:", demo::DEMO_PASSWORD);
        for (email, role) in demo::DEMO_ACCOUNTS {
            println!("  {:<11} {email}", role.as_str());
        }
    } else if db::users::count_active(&pool, crate::auth::Role::Operations).await.map_err(|e| e.to_string())? == 0 {
        println!("No operations account yet: add one with `ruralrise create-operations EMAIL NAME`.");
    }
    match &config.model_dir {
        Some(dir) if dir.join("model.safetensors").is_file() => {
            println!("Pre-scoring: open answers are pre-scored in the background with the model in {}.", dir.display())
        }
        Some(dir) => println!("Pre-scoring is off: no model in {} (scripts/setup.sh fetches it).", dir.display()),
        None => println!("Pre-scoring is off."),
    }
    match &mail.outbox {
        Some(dir) => println!("E-mail: no RURALRISE_SMTP_URL, so letters are written to {} (one .eml file each).", dir.display()),
        None => println!("E-mail: sent over SMTP (RURALRISE_SMTP_URL)."),
    }
    println!("Stop with Ctrl-C.");
    let service = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, service).with_graceful_shutdown(shutdown_signal()).await;
    // The cluster is about to be stopped on purpose: the watcher must not start it again.
    watcher.stop();
    served.map_err(|e| format!("server error: {e}"))?;
    pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Demo data is something a person asks for. In demo mode an empty database gets the demo world;
/// outside it, a database that holds the demo world (whose password is in the README) is refused,
/// so a server started for real never has an account anyone can open. True when it just seeded.
async fn prepare_demo(config: &Config, pool: &sqlx::PgPool) -> Result<bool, String> {
    let holds_demo = db::demo::holds_demo_world(pool).await.map_err(|e| e.to_string())?;
    if !config.demo {
        return match holds_demo {
            true => Err("this database holds the demo world, whose passwords are published. Start it in demo mode \
                         (RURALRISE_DEMO=true, as scripts/start.sh does), or use another database \
                         (DATABASE_URL, or RURALRISE_DATA_DIR for the built-in one)."
                .to_string()),
            false => Ok(false),
        };
    }
    if db::users::none_exist(pool).await.map_err(|e| e.to_string())? {
        let started = std::time::Instant::now();
        let report = seed_demo(pool, &demo::SeedOptions::demo()).await.map_err(|e| format!("seeding failed: {e}"))?;
        tracing::info!(learners = report.learners, ms = started.elapsed().as_millis() as u64, "demo data seeded");
        return Ok(true);
    } else if !holds_demo {
        return Err("demo mode was asked for, but this database already holds real accounts; \
                    start without RURALRISE_DEMO, or give demo mode its own database."
            .to_string());
    }
    Ok(false)
}

/// Adds the first (or another) operations account from the command line, with a random password
/// shown once: a real deployment starts from this, never from a published password.
async fn create_operations(args: &[String]) -> Result<ExitCode, String> {
    use crate::domain::account::NewAccount;
    let [email, name] = args else {
        return Err(format!("create-operations takes an e-mail and a name\n\n{USAGE}"));
    };
    let password = crate::auth::password::random_password();
    let account = NewAccount::parse(name, email, &password).map_err(|e| format!("{e:?}"))?;
    let config = Config::from_env()?;
    let database = Database::open(&config).await?;
    let outcome = async {
        let pool = db::connect(&database.url).await.map_err(|e| e.to_string())?;
        db::migrate(&pool).await?;
        let hash = crate::auth::password::hash(&account.password).await.map_err(|e| e.to_string())?;
        let mut tx = pool.begin().await.map_err(|e| e.to_string())?;
        let new = db::users::NewUser {
            email: account.email.as_str(),
            password_hash: &hash,
            role: crate::auth::Role::Operations,
            display_name: account.name.as_str(),
            time_zone: "UTC",
            language: None,
            verified: true,
        };
        let user_id = match db::users::create(&mut tx, &new).await {
            Ok(id) => id,
            Err(err) if crate::error::violated_constraint(&err) == Some("app_user_email_key") => {
                return Err(format!("{} already has an account", account.email.as_str()));
            }
            Err(err) => return Err(err.to_string()),
        };
        let detail = serde_json::json!({ "role": "operations", "via": "command line" });
        db::audit::record(&mut tx, None, crate::model::ops::AuditAction::CreateAccount, "app_user", Some(user_id), detail)
            .await
            .map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())?;
        println!("operations account {} created; its password, shown only now: {password}", account.email.as_str());
        Ok(())
    }
    .await;
    database.close().await;
    outcome.map(|_| ExitCode::SUCCESS)
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
/// Trainer utilisation has no facts to roll up, so its figure is kept each day for the
/// dashboard's comparisons with earlier periods.
fn record_capacity_hourly(pool: sqlx::PgPool) {
    tokio::spawn(async move {
        loop {
            if let Err(err) = db::kpi::record_capacity(&pool).await {
                tracing::warn!(error = %err, "cannot record today's trainer capacity; trying again in an hour");
            }
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    });
}

pub async fn seed_demo(pool: &sqlx::PgPool, options: &demo::SeedOptions) -> Result<demo::SeedReport, String> {
    // The same secret for every demo account is hashed once; argon2 is slow on purpose.
    let hash = tokio::task::spawn_blocking(|| crate::auth::password::hash_blocking(demo::DEMO_PASSWORD))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    let world = demo::generate(options, &hash);
    db::demo::insert_world(pool, &world).await.map_err(|e| e.to_string())?;
    // Mastery is fitted from the demo's answers like a live deployment's would be.
    mastery::refit_all(pool).await.map_err(|e| e.to_string())?;
    // So are learners' risks, as of the world's own day.
    risk::refresh_all(pool, options.now).await.map_err(|e| format!("{e:?}"))?;
    Ok(world.report())
}

async fn mastery_command(args: &[String]) -> Result<ExitCode, String> {
    if args.first().map(String::as_str) == Some("report") {
        let config = Config::from_env()?;
        let database = Database::open(&config).await?;
        let outcome = async {
            let pool = db::connect(&database.url).await.map_err(|e| e.to_string())?;
            let report = mastery::report(&pool).await.map_err(|e| e.to_string())?;
            println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
            Ok::<_, String>(())
        }
        .await;
        database.close().await;
        return outcome.map(|_| ExitCode::SUCCESS);
    }
    let [fit, file] = args else { return Err(format!("mastery takes `fit FILE.csv` or `report`\n\n{USAGE}")) };
    if fit != "fit" {
        return Err(format!("unknown mastery command {fit:?}\n\n{USAGE}"));
    }
    let reader = std::fs::File::open(file).map_err(|e| format!("cannot open {file}: {e}"))?;
    let out = mastery::fit_csv(std::io::BufReader::new(reader)).map_err(|e| format!("{file}: {e}"))?;
    println!("{}", serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?);
    Ok(ExitCode::SUCCESS)
}

async fn prescore_command(args: &[String]) -> Result<ExitCode, String> {
    if args.first().map(String::as_str) == Some("bench") && args.len() == 1 {
        let figures = prescoring::bench(&embed::Embedder::default_dir())?;
        println!("{}", serde_json::to_string_pretty(&figures).map_err(|e| e.to_string())?);
        return Ok(ExitCode::SUCCESS);
    }
    if args.first().map(String::as_str) != Some("report") || args.len() != 1 {
        return Err(format!("prescore takes `report` or `bench`\n\n{USAGE}"));
    }
    let config = Config::from_env()?;
    let database = Database::open(&config).await?;
    let outcome = async {
        let pool = db::connect(&database.url).await.map_err(|e| e.to_string())?;
        let report = calibration::report(&pool).await.map_err(|e| format!("{e:?}"))?;
        println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
        Ok::<_, String>(())
    }
    .await;
    database.close().await;
    outcome.map(|_| ExitCode::SUCCESS)
}

async fn risk_command(args: &[String]) -> Result<ExitCode, String> {
    if args.first().map(String::as_str) != Some("report") || args.len() != 1 {
        return Err(format!("risk takes `report`\n\n{USAGE}"));
    }
    let config = Config::from_env()?;
    let database = Database::open(&config).await?;
    let outcome = async {
        let pool = db::connect(&database.url).await.map_err(|e| e.to_string())?;
        let report = risk::report(&pool).await.map_err(|e| format!("{e:?}"))?;
        println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
        Ok::<_, String>(())
    }
    .await;
    database.close().await;
    outcome.map(|_| ExitCode::SUCCESS)
}

async fn redistribute_command(args: &[String]) -> Result<ExitCode, String> {
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["bench"] => {
            use crate::domain::redistribute::{greedy, optimise, synthetic};
            let figures = |s: crate::domain::redistribute::Score| serde_json::json!({ "imbalance": s.imbalance, "over": s.over, "moves": s.moves, "max_utilisation": s.max_utilisation, "objective": s.objective });
            // The size the issue names, then larger ones up to a national one (about 45,000 cohorts).
            let reports: Vec<_> = [(200, 10_000), (2_000, 100_000), (20_000, 1_000_000)]
                .into_iter()
                .map(|(trainers, learners)| {
                    let inst = synthetic(trainers, learners, 2026);
                    let started = std::time::Instant::now();
                    let baseline = greedy(&inst);
                    let greedy_ms = started.elapsed().as_secs_f64() * 1000.0;
                    let plan = optimise(&inst, &baseline, redistribute::SOLVE_SECONDS);
                    let total_ms = started.elapsed().as_secs_f64() * 1000.0;
                    serde_json::json!({
                        "learners": inst.cohorts.iter().map(|c| c.learners).sum::<f64>(),
                        "cohorts": inst.cohorts.len(),
                        "trainers": inst.trainers.len(),
                        "greedy_ms": greedy_ms,
                        "total_ms": total_ms,
                        "method": plan.method,
                        "today": figures(inst.score(&inst.current())),
                        "greedy": figures(inst.score(&baseline)),
                        "proposed": figures(plan.score),
                    })
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&reports).map_err(|e| e.to_string())?);
            Ok(ExitCode::SUCCESS)
        }
        ["--dry-run"] => {
            let config = Config::from_env()?;
            let database = Database::open(&config).await?;
            let outcome = async {
                let pool = db::connect(&database.url).await.map_err(|e| e.to_string())?;
                let proposal = redistribute::preview(&pool).await.map_err(|e| format!("{e:?}"))?;
                println!("{}", serde_json::to_string_pretty(&proposal).map_err(|e| e.to_string())?);
                Ok::<_, String>(())
            }
            .await;
            database.close().await;
            outcome.map(|_| ExitCode::SUCCESS)
        }
        _ => Err(format!("redistribute takes `--dry-run` or `bench` (applying is done on /ops/redistribute, after a preview)\n\n{USAGE}")),
    }
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
