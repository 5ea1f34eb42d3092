//! Configuration from the environment, and Leptos options from Leptos.toml.

use leptos::config::LeptosOptions;
use std::path::PathBuf;

pub struct Config {
    /// An external PostgreSQL; when absent the app runs its own cluster in `data_dir`.
    pub database_url: Option<String>,
    pub data_dir: PathBuf,
    /// Fill an empty database with the demo world on start.
    pub seed_demo: bool,
    /// Mark the session cookie Secure; turn on whenever the site is served over HTTPS.
    pub cookie_secure: bool,
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        let database_url = std::env::var("DATABASE_URL").ok().filter(|s| !s.trim().is_empty());
        let data_dir = std::env::var("RURALRISE_DATA_DIR").map(PathBuf::from).unwrap_or_else(|_| PathBuf::from(".data"));
        Ok(Config {
            database_url,
            data_dir,
            seed_demo: flag("RURALRISE_SEED_DEMO", true)?,
            cookie_secure: flag("RURALRISE_COOKIE_SECURE", false)?,
        })
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
