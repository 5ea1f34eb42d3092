# Shared settings for the scripts: tool versions and PATH. Sourced, not run.
CARGO_LEPTOS_VERSION=0.3.10
export PATH="$HOME/.cargo/bin:$PWD/scripts/node/node_modules/.bin:$PATH"
