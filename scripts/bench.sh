#!/usr/bin/env bash
# Benchmarks at scale (prints figures; not part of the test suite). Seeds N learners (default 100000)
# into target/bench-data-N once, serves them on 127.0.0.1:3200, and measures each role's page, the
# learner's lesson page and a progress save with wrk on this machine (client and server share its cores). Usage: scripts/bench.sh [N] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
n=${1:-100000}
secs=${2:-10}
data=target/bench-data-$n
base=http://127.0.0.1:3200

if ! command -v wrk >/dev/null 2>&1; then
  [ -n "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v lock | head -1)" ] || apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi
[ -x target/release/ruralrise ] || cargo leptos build --release

if [ ! -d "$data" ]; then
  echo "==> seeding $n learners"
  RURALRISE_DATA_DIR=$data DATABASE_URL= target/release/ruralrise seed --learners "$n"
fi

RURALRISE_DATA_DIR=$data DATABASE_URL= RURALRISE_DEMO=true LEPTOS_SITE_ADDR=127.0.0.1:3200 \
  target/release/ruralrise serve >"$data/serve.log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.5; done

rows=$(psql -h "$(cat "$data/socket_dir")" -U postgres -d ruralrise -Atc \
  "select (select count(*) from app_user) || ' users, ' || (select count(*) from activity_event) || ' activity events, '
          || (select count(*) from submission) || ' submissions, ' || pg_size_pretty(pg_database_size('ruralrise'))")
echo "database: $rows"

cookie_for() {
  curl -s -D - -o /dev/null -H 'accept: text/html' -H "origin: $base" \
    --data-urlencode "email=$1" --data-urlencode 'password=ruralrise-demo' "$base/api/account/sign_in" |
    grep -i '^set-cookie: rr_session=' | sed -E 's/^[Ss]et-[Cc]ookie: (rr_session=[^;]*).*/\1/'
}

# A progress save as the lesson page's script sends it (a form-encoded POST, about once a minute
# per learner reading): the busiest write in the app.
save=$(mktemp --suffix=.lua)
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -f "$save"' EXIT
cat >"$save" <<LUA
wrk.method = "POST"
wrk.body = "lesson=1&percent=50&position=0&seconds=30"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Origin"] = "$base"
LUA

printf '%-30s %-10s %10s %10s %10s\n' page role 'req/s' 'p50' 'p99'
for spec in "/learn learner@ruralrise.test" "/learn/lessons/1 learner@ruralrise.test" \
  "/api/learner/save_progress learner@ruralrise.test post" "/train trainer@ruralrise.test" "/ops ops@ruralrise.test" "/signin -"; do
  set -- $spec
  header=()
  [ "$2" != - ] && header=(-H "Cookie: $(cookie_for "$2")")
  script=()
  [ "${3:-}" = post ] && script=(-s "$save")
  out=$(wrk -t2 -c8 -d"${secs}s" --latency "${script[@]}" "${header[@]}" -H 'accept-encoding: br' "$base$1")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '%-30s %-10s %10s %10s %10s\n' "$1" "${2%%@*}" "$rps" "$p50" "$p99"
  # Fast refusals are not throughput: say so when any answer was not a success.
  bad=$(awk '/Non-2xx or 3xx responses/ {print $NF}' <<<"$out")
  if [ -n "$bad" ]; then echo "  warning: $bad answers to $1 were not 2xx/3xx"; fi
done
