//! Build script: turns locales/*.json into the typed `i18n` module (server build only), so a page
//! that names a missing key does not compile, and a locale that lacks a key English has (or has
//! one English lacks) stops the build instead of falling back to English at run time.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    commit();
    #[cfg(feature = "ssr")]
    if let Err(err) = translations::generate() {
        println!("cargo::error=translations: {err}");
    }
}

/// The commit being built, for the health page (`RURALRISE_COMMIT`, "unknown" outside a git checkout).
fn commit() {
    let git = std::path::Path::new(".git");
    if let Ok(head) = std::fs::read_to_string(git.join("HEAD")) {
        println!("cargo::rerun-if-changed=.git/HEAD");
        if let Some(branch) = head.trim().strip_prefix("ref: ") {
            println!("cargo::rerun-if-changed=.git/{branch}");
            println!("cargo::rerun-if-changed=.git/packed-refs");
        }
    }
    let out = std::process::Command::new("git").args(["rev-parse", "--short=10", "HEAD"]).output();
    let commit = out.ok().filter(|o| o.status.success()).map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    println!("cargo::rustc-env=RURALRISE_COMMIT={}", commit.unwrap_or_else(|| "unknown".to_owned()));
}

#[cfg(feature = "ssr")]
mod translations {
    use leptos_i18n_parser::parse_locales::error::Warning;
    use leptos_i18n_parser::parse_locales::options::{Config, ParseOptions};
    use leptos_i18n_parser::parse_locales::parse_locales;
    use std::path::PathBuf;

    /// English first: the default, and the reference every other locale must match key for key.
    pub const LOCALES: [&str; 3] = ["en", "sw", "fr"];

    pub fn generate() -> Result<(), Box<dyn std::error::Error>> {
        let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
        let out = PathBuf::from(std::env::var("OUT_DIR")?).join("i18n.rs");
        // Pages format strings for attributes and titles too (td_string!), not only views.
        let options = ParseOptions::default().interpolate_display(true);
        let cfg = Config::new(LOCALES[0])?.add_locales(&LOCALES[1..])?.parse_options(options);
        let parsed = parse_locales(Some(manifest_dir.clone()), cfg)?;
        for file in parsed.tracked_files.iter().flatten() {
            println!("cargo::rerun-if-changed={file}");
        }
        println!("cargo::rerun-if-changed={}", manifest_dir.join("locales").display());
        for error in parsed.diag.errors().iter() {
            println!("cargo::error={error}");
        }
        for warning in parsed.diag.warnings().iter() {
            match warning {
                Warning::MissingKey { .. } | Warning::SurplusKey { .. } => println!("cargo::error={warning}"),
                _ => println!("cargo::warning={warning}"),
            }
        }
        let code = leptos_i18n_codegen::gen_code(&parsed, None, false, None, false)?;
        std::fs::write(out, code.to_string())?;
        Ok(())
    }
}
