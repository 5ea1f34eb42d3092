#!/usr/bin/env bash
# Benchmarks at scale (prints figures; not part of the test suite). Seeds N learners (default 100000;
# 1000000 is the national-scale world, about 22 million activity events) into target/bench-data-N
# once, printing how long that took, serves them on 127.0.0.1:3200, and measures each role's page,
# the operations dashboard filtered three ways, the learner's lesson page and a progress save with
# wrk on this machine (client and server share its cores), then operations' other pages one at a
# time and the CSV reports streamed whole. Usage: scripts/bench.sh [N] [SECONDS]
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
  started=$(date +%s)
  if [ "$n" -gt 100000 ] && [ $((n % 100000)) -eq 0 ]; then
    # A national-scale world: 100,000 generated learners, then whole copies of them made inside
    # PostgreSQL (scripts/bench-scale.sql), since the generator holds its world in memory.
    RURALRISE_DATA_DIR=$data DATABASE_URL= target/release/ruralrise seed --learners 100000
    RURALRISE_DATA_DIR=$data DATABASE_URL= target/release/ruralrise with-db "$data" -- \
      sh -c "psql \"\$(echo \"\$DATABASE_URL\" | sed 's|/postgres?|/ruralrise?|')\" -q -v copies=$((n / 100000 - 1)) -f scripts/bench-scale.sql"
  else
    RURALRISE_DATA_DIR=$data DATABASE_URL= target/release/ruralrise seed --learners "$n"
  fi
  echo "seeded in $(( $(date +%s) - started )) s (generation, insert, rollup rebuild, mastery and risk fits)" | tee "$data/seed-time"
else
  cat "$data/seed-time" 2>/dev/null || true
fi

RURALRISE_DATA_DIR=$data DATABASE_URL= RURALRISE_DEMO=true LEPTOS_SITE_ADDR=127.0.0.1:3200 \
  target/release/ruralrise serve >"$data/serve.log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.5; done

rows=$(psql -h "$(cat "$data/socket_dir")" -U postgres -d ruralrise -Atc \
  "select (select count(*) from app_user) || ' users, ' || (select count(*) from activity_event) || ' activity events, '
          || (select count(*) from submission) || ' submissions, ' || (select count(*) from kpi_day) || ' rollup rows, '
          || pg_size_pretty(pg_database_size('ruralrise')) || ' on disk (rollups '
          || pg_size_pretty(pg_total_relation_size('kpi_day') + pg_total_relation_size('kpi_turnaround') + pg_total_relation_size('learner_day')
                            + pg_total_relation_size('kpi_membership') + pg_total_relation_size('kpi_cohort')) || ')'")
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

printf '%-44s %-10s %10s %10s %10s\n' page role 'req/s' 'p50' 'p99'
for spec in "/learn learner@ruralrise.test" "/learn/lessons/1 learner@ruralrise.test" \
  "/api/learner/save_progress learner@ruralrise.test post" "/train trainer@ruralrise.test" "/ops ops@ruralrise.test" \
  "/ops?client=2 ops@ruralrise.test" "/ops?path=1&from=$(date -u -d '-90 days' +%F) ops@ruralrise.test" \
  "/ops?client=1&path=1&from=$(date -u -d '-365 days' +%F) ops@ruralrise.test" "/signin -"; do
  set -- $spec
  header=()
  [ "$2" != - ] && header=(-H "Cookie: $(cookie_for "$2")")
  script=()
  [ "${3:-}" = post ] && script=(-s "$save")
  out=$(wrk -t2 -c8 -d"${secs}s" --latency "${script[@]}" "${header[@]}" -H 'accept-encoding: br' "$base$1")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '%-44s %-10s %10s %10s %10s\n' "$1" "${2%%@*}" "$rps" "$p50" "$p99"
  # Fast refusals are not throughput: say so when any answer was not a success.
  bad=$(awk '/Non-2xx or 3xx responses/ {print $NF}' <<<"$out")
  if [ -n "$bad" ]; then echo "  warning: $bad answers to $1 were not 2xx/3xx"; fi
done

# The dashboard's own time, one request at a time (what an operations user waits for), from the
# first byte as curl sees it: 40 requests per view, median and slowest.
ops_cookie=$(cookie_for ops@ruralrise.test)
echo "operations dashboard, one request at a time (40 each):"
for view in "/ops" "/ops?client=2" "/ops?path=1&from=$(date -u -d '-90 days' +%F)" "/ops?client=1&path=1&from=$(date -u -d '-365 days' +%F)"; do
  times=$(for _ in $(seq 1 40); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' -H "Cookie: $ops_cookie" -H 'accept-encoding: br' "$base$view"
  done | sort -n)
  printf '  %-44s p50 %6.1f ms   max %6.1f ms\n' "$view" "$(sed -n 20p <<<"$times" | awk '{print $1 * 1000}')" "$(tail -1 <<<"$times" | awk '{print $1 * 1000}')"
done

# Operations' other pages, one request at a time (10 each): the ones read from rollups and copies
# should stay well under a second whatever the scale.
echo "operations pages, one request at a time (10 each):"
for view in "/ops/quality" "/ops/quality?client=2&from=$(date -u -d '-90 days' +%F)" "/ops/recommendations" "/ops/risks" \
  "/ops/trainers" "/ops/clients" "/ops/health"; do
  times=$(for _ in $(seq 1 10); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' -H "Cookie: $ops_cookie" -H 'accept-encoding: br' "$base$view"
  done | sort -n)
  printf '  %-44s p50 %6.1f ms   max %6.1f ms\n' "$view" "$(sed -n 5p <<<"$times" | awk '{print $1 * 1000}')" "$(tail -1 <<<"$times" | awk '{print $1 * 1000}')"
done

# The CSV reports streamed whole: rows, bytes, time to the first byte and to the last, and the
# server's memory after (the streams hold a few chunks, not the file).
echo "reports, each downloaded once:"
for report in "learners.csv?client=2" "cohorts.csv" "grading.csv" "risks.csv"; do
  headers=$(mktemp)
  out=$(curl -s -o /dev/null -D "$headers" -w '%{time_starttransfer} %{time_total} %{size_download}' -H "Cookie: $ops_cookie" "$base/ops/reports/$report")
  rows=$(awk 'tolower($1) == "x-row-count:" {print $2}' "$headers" | tr -d '\r')
  rm -f "$headers"
  read -r first total bytes <<<"$out"
  printf '  %-24s %9s rows %11s bytes   first byte %6.2f s   whole %6.2f s\n' "$report" "$rows" "$bytes" "$first" "$total"
done
echo "  server memory after the reports: $(ps -o rss= -p "$pid" | awk '{printf "%.0f MB", $1 / 1024}')"
