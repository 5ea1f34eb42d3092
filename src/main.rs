//! The RuralRise server binary: see `server::main` for its commands.

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    ruralrise::server::main().await
}

#[cfg(not(feature = "ssr"))]
fn main() {}
