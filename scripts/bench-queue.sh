#!/usr/bin/env bash
# The grading queue at scale (issue 8's budget: 50,000 pending submissions, ≤ 100 ms server time).
# Copies the demo trainer's waiting work until N submissions wait in their cohorts (default 50000)
# in a throwaway demo database (target/bench-queue), serves it on 127.0.0.1:3400, and prints the
# median and 90th percentile of each queue view over R requests (default 30), and the size of the
# first page. Prints figures; not part of the test suite.
# Usage: scripts/bench-queue.sh [N] [R]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
n=${1:-50000}
requests=${2:-30}
data=target/bench-queue
base=http://127.0.0.1:3400
[ -x target/release/ruralrise ] || cargo leptos build --release
rm -rf "$data"
RURALRISE_DATA_DIR=$data DATABASE_URL= target/release/ruralrise seed >/dev/null
sql() { psql -h "$(cat "$data/socket_dir")" -U postgres -d ruralrise -Atq -c "$1"; }
RURALRISE_DATA_DIR=$data DATABASE_URL= RURALRISE_DEMO=true LEPTOS_SITE_ADDR=127.0.0.1:3400 \
  target/release/ruralrise serve >"$data/serve.log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.5; done
# Copies of the trainer's pending work, each handed in a minute earlier than the last.
sql "insert into submission (assessment_id, learner_id, answers, status, submitted_at, cohort_id, ai_score, ai_confidence, flagged)
     select s.assessment_id, s.learner_id, s.answers, 'pending', s.submitted_at - g * interval '1 minute', s.cohort_id,
            s.ai_score, (g % 97) / 97.0, g % 50 = 0
       from submission s join cohort c on c.cohort_id = s.cohort_id join app_user t on t.user_id = c.trainer_id
            cross join generate_series(1, $n) g
      where t.email = 'trainer@ruralrise.test' and s.status = 'pending'
      limit $n"
sql "update submission set prescore_due = false where prescore_due; analyze submission"
echo "pending for the demo trainer: $(sql "select count(*) from submission s join cohort c on c.cohort_id = s.cohort_id
  join app_user t on t.user_id = c.trainer_id where t.email = 'trainer@ruralrise.test' and s.status = 'pending'")"
jar=$(mktemp)
signed=$(curl -s -c "$jar" -o /dev/null -w "%{http_code} %{redirect_url}" -H "accept: text/html" -H "origin: $base" \
  --data-urlencode "email=trainer@ruralrise.test" --data-urlencode "password=ruralrise-demo" "$base/api/account/sign_in")
echo "signed in: $signed"
printf '%-45s %8s %8s %9s\n' view 'p50 ms' 'p90 ms' 'bytes br'
for view in "/train/queue" "/train/queue?sort=uncertain" "/train/queue?flagged=1" "/train/queue?sort=uncertain&after=40000"; do
  times=$(for _ in $(seq 1 "$requests"); do curl -s -b "$jar" -o /dev/null -w '%{time_total}\n' "$base$view"; done | sort -n)
  p50=$(awk -v n="$requests" 'NR == int(n * 0.5) + 1 {printf "%.1f", $1 * 1000}' <<<"$times")
  p90=$(awk -v n="$requests" 'NR == int(n * 0.9) {printf "%.1f", $1 * 1000}' <<<"$times")
  bytes=$(curl -s -b "$jar" -o /dev/null -w '%{size_download}' -H 'accept-encoding: br' "$base$view")
  rows=$(curl -s -b "$jar" "$base$view" | grep -o 'data-submission=' | wc -l)
  printf '%-45s %8s %8s %9s %5s rows\n' "$view" "$p50" "$p90" "$bytes" "$rows"
done
rm -f "$jar"
