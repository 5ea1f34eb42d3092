//! Configuration from the environment, and Leptos options from Leptos.toml.

use leptos::config::LeptosOptions;
use std::path::PathBuf;

const DEFAULT_MAIL_FROM: &str = "RuralRise <no-reply@ruralrise.invalid>";

pub struct Config {
    /// An external PostgreSQL; when absent the app runs its own cluster in `data_dir`.
    pub database_url: Option<String>,
    pub data_dir: PathBuf,
    /// Demo mode, asked for with RURALRISE_DEMO=true: an empty database gets the demo world,
    /// whose passwords are published. Without it the server refuses a database that holds them.
    pub demo: bool,
    /// The address people reach the site at (RURALRISE_PUBLIC_URL), used in e-mailed links; an
    /// https address also turns on Secure cookies and HSTS.
    pub public_url: Option<String>,
    /// Mark the session cookie Secure (default: when the public URL is https).
    pub cookie_secure: bool,
    /// Read the client address from X-Forwarded-For (RURALRISE_TRUST_PROXY=true behind a proxy).
    pub trust_proxy: bool,
    /// RURALRISE_SMTP_URL (smtp://host:port, smtps://user:pass@host); without it letters are
    /// written to `data_dir/outbox`.
    pub smtp_url: Option<String>,
    /// RURALRISE_MAIL_FROM, the sender letters carry.
    pub mail_from: String,
    /// RURALRISE_MEDIA_DIR: the folder lesson videos are kept in (default `media/` in the data folder).
    pub media_dir: Option<PathBuf>,
    /// The pre-scoring model's folder (RURALRISE_MODEL_DIR, default where scripts/setup.sh puts
    /// it); `None` runs without pre-scoring.
    pub model_dir: Option<PathBuf>,
    /// RURALRISE_METRICS_TOKEN: `/metrics` answers only callers presenting it (Bearer); without
    /// it, only scrapers on this machine that reach the app directly.
    pub metrics_token: Option<String>,
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        let database_url = std::env::var("DATABASE_URL").ok().filter(|s| !s.trim().is_empty());
        let data_dir = std::env::var("RURALRISE_DATA_DIR").map(PathBuf::from).unwrap_or_else(|_| PathBuf::from(".data"));
        let public_url =
            std::env::var("RURALRISE_PUBLIC_URL").ok().map(|s| s.trim().trim_end_matches('/').to_owned()).filter(|s| !s.is_empty());
        if let Some(url) = &public_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err(format!("RURALRISE_PUBLIC_URL must start with https:// or http://, not {url:?}"));
        }
        let https = public_url.as_deref().is_some_and(|u| u.starts_with("https://"));
        Ok(Config {
            database_url,
            data_dir,
            demo: flag("RURALRISE_DEMO", false)?,
            public_url,
            cookie_secure: flag("RURALRISE_COOKIE_SECURE", https)?,
            trust_proxy: flag("RURALRISE_TRUST_PROXY", false)?,
            smtp_url: std::env::var("RURALRISE_SMTP_URL").ok().filter(|s| !s.trim().is_empty()),
            mail_from: std::env::var("RURALRISE_MAIL_FROM").unwrap_or_else(|_| DEFAULT_MAIL_FROM.to_owned()),
            media_dir: std::env::var("RURALRISE_MEDIA_DIR").ok().filter(|s| !s.trim().is_empty()).map(PathBuf::from),
            model_dir: Some(crate::server::embed::Embedder::default_dir()),
            metrics_token: std::env::var("RURALRISE_METRICS_TOKEN").ok().filter(|s| !s.trim().is_empty()),
        })
    }

    /// Served over HTTPS (by the public URL).
    pub fn https(&self) -> bool {
        self.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
    }

    /// A configuration for tests and tools: no demo, no proxy, plain HTTP.
    pub fn plain(data_dir: PathBuf) -> Self {
        Config {
            database_url: None,
            data_dir,
            demo: false,
            public_url: None,
            cookie_secure: false,
            trust_proxy: false,
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.to_owned(),
            media_dir: None,
            model_dir: None,
            metrics_token: None,
        }
    }

    /// The background pre-scorer, started when there is a model to load.
    pub fn prescoring(&self, pool: &sqlx::PgPool) -> std::sync::Arc<crate::server::prescoring::Prescoring> {
        match &self.model_dir {
            Some(dir) => crate::server::prescoring::Prescoring::start(pool.clone(), dir.clone()),
            None => crate::server::prescoring::Prescoring::off(),
        }
    }

    /// The lesson media store.
    pub fn media(&self) -> crate::server::media::MediaStore {
        crate::server::media::MediaStore::folder(self.media_dir.clone().unwrap_or_else(|| self.data_dir.join("media")))
    }

    /// Letters' transport: SMTP when configured, else the outbox folder in the data folder.
    pub fn mail(&self, site_addr: std::net::SocketAddr) -> Result<std::sync::Arc<crate::server::mail::Mail>, String> {
        let public_url = self.public_url.clone().unwrap_or_else(|| format!("http://{site_addr}"));
        crate::server::mail::Mail::new(self.smtp_url.as_deref(), self.data_dir.join("outbox"), &self.mail_from, public_url)
    }
}

fn flag(name: &str, default: bool) -> Result<bool, String> {
    match std::env::var(name) {
        Err(_) => Ok(default),
        Ok(v) => match v.to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(true),
            "0" | "false" | "no" | "off" => Ok(false),
            _ => Err(format!("{name} must be true or false, not {v:?}")),
        },
    }
}

/// Where Leptos.toml is: RURALRISE_LEPTOS_TOML, else the working directory.
pub fn leptos_toml_path() -> PathBuf {
    std::env::var("RURALRISE_LEPTOS_TOML").map(PathBuf::from).unwrap_or_else(|_| PathBuf::from("Leptos.toml"))
}

/// Reads Leptos.toml (plain top-level keys) through Leptos's own loader, so LEPTOS_* environment
/// variables still override it as they do for cargo-leptos.
pub fn leptos_options() -> Result<LeptosOptions, String> {
    let path = leptos_toml_path();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e} (run from the project folder, or set RURALRISE_LEPTOS_TOML)", path.display()))?;
    parse_leptos_toml(&text).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn parse_leptos_toml(text: &str) -> Result<LeptosOptions, String> {
    let wrapped = format!("[package.metadata.leptos]\n{text}");
    leptos::config::get_config_from_str(&wrapped).map_err(|e| e.to_string())
}
