#!/usr/bin/env bash
# Prints how learner pages load over an emulated slow 3G link (400 kbit/s, 400 ms round trip) in
# Debian's Chromium, each page cold (new connection, empty cache): heading visible, first
# contentful paint, load, bytes; fails when a heading takes over 2 s. Usage: scripts/slow-3g.sh [BASE_URL] against a running demo server
# (./scripts/start.sh); PAGES="/learn /learn/lessons/1" picks the pages. Pages with an island also
# say when it came alive.
set -euo pipefail
cd "$(dirname "$0")/../end2end"
exec node slow-3g.mjs "${1:-http://127.0.0.1:3000}"
