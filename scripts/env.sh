# Shared settings for the scripts: tool versions and PATH. Sourced, not run.
CARGO_LEPTOS_VERSION=0.3.10
export PATH="$HOME/.cargo/bin:$PWD/scripts/node/node_modules/.bin:$PATH"
# cargo-leptos sets this while building and leptos reads it at compile time; giving plain
# `cargo test` the same value keeps the two from rebuilding each other's leptos crates.
LEPTOS_OUTPUT_NAME=$(sed -n 's/^output-name = "\(.*\)"$/\1/p' Leptos.toml)
export LEPTOS_OUTPUT_NAME
# Lints run inside the real builds: clippy-driver compiles this crate (warnings are errors) for
# the release build, the wasm build and the tests, while the dependencies are built once and
# shared. A separate `cargo clippy` first checks all ~400 dependencies again, twice (server and
# wasm): about ten of CI's minutes. Every script builds with these, so none rebuilds another's work.
RUSTC_WORKSPACE_WRAPPER=$(command -v clippy-driver || true)
export RUSTC_WORKSPACE_WRAPPER
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
# Incremental release builds keep ~3 GB of session data per build of this crate (server, unit
# tests, integration tests) and only pay off when the same tree is rebuilt after an edit. A CI
# run builds once from a clean clone, and ran out of disk with them; so do machines short of
# space. Elsewhere Cargo.toml's release profile keeps them on for the edit-build loop.
free_kb=$(df -Pk . 2>/dev/null | awk 'NR == 2 {print $4}')
if [ -n "${CI:-}" ] || [ "${free_kb:-0}" -lt $((20 * 1024 * 1024)) ]; then
  export CARGO_INCREMENTAL=0
fi
