#!/usr/bin/env bash
# Fault script (prints figures; not part of the test suite): serves the demo from its own embedded
# PostgreSQL on 127.0.0.1:3300, puts trainers' reads and writes on it, kills the postmaster with
# SIGKILL twice, and prints how many requests failed, for how long, how slow a failed answer was,
# when service came back (the app restarts its cluster itself), and that every write the app
# acknowledged is in the database afterwards. Usage: scripts/fault-db.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
secs=${1:-30}
data=target/fault-data
base=http://127.0.0.1:3300

[ -x target/release/ruralrise ] || cargo leptos build --release
rm -rf "$data"
mkdir -p "$data"
RURALRISE_DATA_DIR=$data DATABASE_URL= RURALRISE_DEMO=true LEPTOS_SITE_ADDR=127.0.0.1:3300 \
  target/release/ruralrise serve >"$data.log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.5; done
curl -sf "$base/readyz" >/dev/null || { echo "the app did not start; see $data.log" >&2; exit 1; }

python3 scripts/fault-db.py --base "$base" --data "$data" --seconds "$secs"
echo "what the app logged about the database:"
grep -E "stopped answering|answers again|started it again|starting the embedded" "$data.log" | sed -E 's/\x1b\[[0-9;]*m//g' | cut -c1-160
