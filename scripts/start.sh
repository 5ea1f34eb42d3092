#!/usr/bin/env bash
# The README's first command: install what is missing, build in release mode, and start RuralRise
# with its own PostgreSQL (in .data/) and, in demo mode, demo data whose passwords are published.
# RURALRISE_DEMO=false starts it for real (then add the first operations account with
# `target/release/ruralrise create-operations EMAIL NAME`). Ctrl-C stops the app and the database.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
echo "==> building (release)"
cargo leptos build --release
export RURALRISE_DEMO=${RURALRISE_DEMO:-true}
if [ "$RURALRISE_DEMO" = true ]; then
  echo "==> demo mode: demo data with published passwords (RURALRISE_DEMO=false for a real start)"
fi
exec target/release/ruralrise serve
