# Shared settings for the scripts: tool versions and PATH. Sourced, not run.
CARGO_LEPTOS_VERSION=0.3.10
export PATH="$HOME/.cargo/bin:$PWD/scripts/node/node_modules/.bin:$PATH"
# cargo-leptos sets this while building and leptos reads it at compile time; giving plain
# `cargo test` the same value keeps the two from rebuilding each other's leptos crates.
LEPTOS_OUTPUT_NAME=$(sed -n 's/^output-name = "\(.*\)"$/\1/p' Leptos.toml)
export LEPTOS_OUTPUT_NAME
