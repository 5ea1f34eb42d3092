#!/usr/bin/env bash
# Prints, for each role's main page, how many SQL statements one request runs, their summed time,
# and the page's response time, from sqlx's own statement log. Runs against the benchmark world
# that scripts/bench.sh seeds (target/bench-data-N), on port 3300.
# Usage: scripts/page-queries.sh [LEARNERS] [REQUESTS]
#   RURALRISE_ROOT=DIR   measure the checkout in DIR instead (its own build and bench data)
set -euo pipefail
root=${RURALRISE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"
n=${1:-100000}
requests=${2:-5}
data=target/bench-data-$n
base=http://127.0.0.1:3300
[ -d "$data" ] || { echo "no $data: run scripts/bench.sh $n first (it seeds the world)" >&2; exit 1; }
log=$(mktemp); jar=$(mktemp)
RUST_LOG=warn,sqlx::query=debug RURALRISE_DATA_DIR=$data DATABASE_URL= RURALRISE_DEMO=true LEPTOS_SITE_ADDR=127.0.0.1:3300 \
  NO_COLOR=1 target/release/ruralrise serve >"$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -f "$log" "$jar"' EXIT
for _ in $(seq 1 120); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.5; done

sign_in() {
  rm -f "$jar"
  for endpoint in account/sign_in auth/sign_in; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -H 'accept: text/html' -H "origin: $base" \
      --data-urlencode "email=$1" --data-urlencode 'password=ruralrise-demo' "$base/api/$endpoint")
    [ "$code" = 302 ] && return
  done
  echo "cannot sign in as $1" >&2; exit 1
}

printf '%-8s %8s %12s %12s\n' page queries 'sql ms' 'page ms'
for spec in "/learn learner@ruralrise.test" "/train trainer@ruralrise.test" "/ops ops@ruralrise.test"; do
  set -- $spec
  sign_in "$2"
  # Warm-up: sqlx looks up the enum types once per pooled connection.
  for _ in $(seq 1 10); do curl -s -o /dev/null -b "$jar" "$base$1"; done
  total_q=0; total_sql=0; total_page=0
  for _ in $(seq 1 "$requests"); do
    before=$(wc -l <"$log")
    page=$(curl -s -o /dev/null -b "$jar" -w '%{time_total}' "$base$1")
    sleep 0.2
    read -r q sql < <(tail -n +"$((before + 1))" "$log" | grep 'sqlx::query' |
      sed -nE 's/.*elapsed_secs=([0-9.e+-]+).*/\1/p' | awk '{n++; s += $1} END {printf "%d %.3f\n", n, s * 1000}')
    total_q=$((total_q + q)); total_sql=$(awk -v a="$total_sql" -v b="$sql" 'BEGIN {print a + b}')
    total_page=$(awk -v a="$total_page" -v b="$page" 'BEGIN {print a + b * 1000}')
  done
  awk -v p="$1" -v q="$total_q" -v s="$total_sql" -v t="$total_page" -v r="$requests" \
    'BEGIN {printf "%-8s %8.1f %12.1f %12.1f\n", p, q / r, s / r, t / r}'
done
