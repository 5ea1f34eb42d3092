#!/usr/bin/env bash
# The README's first command: install what is missing, build in release mode, and start RuralRise
# with its own PostgreSQL (in .data/) and demo data. Ctrl-C stops the app and the database.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
echo "==> building (release)"
cargo leptos build --release
exec target/release/ruralrise serve
