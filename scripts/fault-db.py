#!/usr/bin/env python3
"""Load for scripts/fault-db.sh: trainers read their console and send messages while the database is
killed (SIGKILL to the postmaster) twice. Prints what callers saw and checks that every message the
app acknowledged is in the database afterwards. Standard library only."""

import argparse
import http.client
import json
import os
import signal
import subprocess
import threading
import time
import urllib.parse
import uuid


def request(host, port, method, path, headers, body=None, timeout=10):
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        res = conn.getresponse()
        data = res.read()
        return res.status, dict(res.getheaders()), data
    except OSError as e:
        return 0, {}, str(e).encode()
    finally:
        conn.close()


def psql(socket_dir, sql):
    out = subprocess.run(["psql", "-h", socket_dir, "-U", "postgres", "-d", "ruralrise", "-Atc", sql],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", type=int, default=4)
    args = ap.parse_args()
    url = urllib.parse.urlparse(args.base)
    host, port = url.hostname, url.port
    socket_dir = open(os.path.join(args.data, "socket_dir")).read().strip()

    # Each worker is a trainer with a learner of their own to write to.
    pairs = psql(socket_dir, """
        select u.email, min(m.learner_id) from app_user u join cohort c on c.trainer_id = u.user_id
          join cohort_member m on m.cohort_id = c.cohort_id
         where u.role = 'trainer' group by u.email order by u.email""").splitlines()
    pairs = [p.split("|") for p in pairs][: args.workers]
    if not pairs:
        raise SystemExit("no trainer with learners in this database")

    def sign_in(email):
        body = urllib.parse.urlencode({"email": email, "password": "ruralrise-demo"})
        status, headers, _ = request(host, port, "POST", "/api/account/sign_in", {
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html", "Origin": args.base}, body)
        cookie = headers.get("set-cookie") or headers.get("Set-Cookie") or ""
        if not cookie.startswith("rr_session="):
            raise SystemExit(f"sign-in as {email} failed ({status})")
        return cookie.split(";")[0]

    cookies = [sign_in(email) for email, _ in pairs]
    log = []  # (started, finished, kind, status, message body or None)
    lock = threading.Lock()
    t0 = time.monotonic()
    stop_at = t0 + args.seconds

    def worker(i):
        cookie, learner = cookies[i], pairs[i][1]
        n = 0
        while time.monotonic() < stop_at:
            n += 1
            started = time.monotonic()
            if n % 2:
                status, _, _ = request(host, port, "GET", "/train", {"Cookie": cookie, "Accept": "text/html"})
                entry = (started, time.monotonic(), "read", status, None)
            else:
                text = f"fault-{uuid.uuid4()}"
                body = urllib.parse.urlencode({"learner": learner, "body": text})
                status, _, _ = request(host, port, "POST", "/api/trainer/send_message", {
                    "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/json", "Origin": args.base}, body)
                entry = (started, time.monotonic(), "write", status, text)
            with lock:
                log.append(entry)
            if status != 200:
                time.sleep(0.1)

    kills = []

    def killer():
        for at in (args.seconds * 0.25, args.seconds * 0.6):
            time.sleep(max(0.0, t0 + at - time.monotonic()))
            pid = int(open(os.path.join(args.data, "pgdata", "postmaster.pid")).readline())
            os.kill(pid, signal.SIGKILL)
            kills.append(time.monotonic())

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(cookies))]
    threads.append(threading.Thread(target=killer))
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    # Give a write that was in flight at the end time to land, then compare.
    time.sleep(1)
    acknowledged = {e[4] for e in log if e[2] == "write" and e[3] == 200}
    stored = set(psql(socket_dir, "select body from message where body like 'fault-%'").splitlines())
    missing = acknowledged - stored
    unacknowledged_stored = stored - acknowledged

    report = {"requests": len(log), "workers": len(cookies), "seconds": args.seconds, "kills": []}
    statuses = {}
    for e in log:
        statuses[str(e[3])] = statuses.get(str(e[3]), 0) + 1
    report["by_status"] = dict(sorted(statuses.items()))
    for i, k in enumerate(kills):
        until = kills[i + 1] - 1.0 if i + 1 < len(kills) else float("inf")
        # Requests sent from just before this kill until shortly before the next one (a request in
        # flight when the next kill lands belongs to that one).
        after = sorted((e for e in log if k - 0.5 <= e[0] < until), key=lambda e: e[0])
        failed = [e for e in after if e[3] != 200]
        last_failure = failed[-1][0] if failed else k
        first_ok_after = next((e for e in after if e[0] > last_failure and e[3] == 200), None)
        report["kills"].append({
            "at_second": round(k - t0, 2),
            "failed_requests": len(failed),
            "failures_lasted_s": round(failed[-1][1] - k, 2) if failed else 0,
            "slowest_failed_answer_s": round(max((e[1] - e[0] for e in failed), default=0), 3),
            "service_back_after_s": round(first_ok_after[1] - k, 2) if first_ok_after else None,
        })
    ok_latencies = sorted(e[1] - e[0] for e in log if e[3] == 200)
    if ok_latencies:
        report["ok_p50_ms"] = round(1000 * ok_latencies[len(ok_latencies) // 2], 1)
    report["writes_acknowledged"] = len(acknowledged)
    report["acknowledged_writes_missing"] = len(missing)
    report["stored_without_acknowledgement"] = len(unacknowledged_stored)
    print(json.dumps(report, indent=2))
    if missing:
        raise SystemExit(f"{len(missing)} acknowledged writes are not in the database")


if __name__ == "__main__":
    main()
