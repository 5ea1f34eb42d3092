#!/usr/bin/env bash
# Prints how long a phone's queue of 1,000 actions takes to sync over the emulated slow-3G link
# (400 kbit/s, 400 ms round trip) through the real offline layer in Debian's Chromium, with the
# requests and bytes each way; fails over 5 s. Usage: scripts/sync-3g.sh [BASE_URL] against a
# running demo server (./scripts/start.sh); ACTIONS=N changes the count.
set -euo pipefail
cd "$(dirname "$0")/../end2end"
exec node sync-3g.mjs "${1:-http://127.0.0.1:3000}"
