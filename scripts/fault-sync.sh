#!/usr/bin/env bash
# Fault script for offline sync (prints figures; not part of the test suite): serves the demo from
# its own embedded PostgreSQL on 127.0.0.1:3301 and sends a phone's queue of 1,000 actions to
# /api/sync/v1 in chunks, twice: once the app server is killed with SIGKILL mid-chunk and started
# again, once PostgreSQL's postmaster is killed mid-chunk. Checks that exactly 1,000 actions were
# applied each time, none lost, none twice. Usage: scripts/fault-sync.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
data=target/fault-sync-data
[ -x target/release/ruralrise ] || cargo leptos build --release
bin=${RURALRISE_BIN:-target/release/ruralrise}
rm -rf "$data" "$data.log"
mkdir -p "$data"
python3 scripts/fault-sync.py --binary "$bin" --data "$data"
echo "what the app logged about the database:"
grep -E "stopped answering|answers again|started it again|earlier run is still up" "$data.log" | sed -E 's/\x1b\[[0-9;]*m//g' | cut -c1-160
