#!/usr/bin/env python3
"""Fault script for offline sync (scripts/fault-sync.sh): a phone's queue of 1,000 actions is sent to
/api/sync/v1 in chunks of 200 the way public/offline.js sends it (an action leaves the queue only
with its receipt; a failed chunk is sent again after a pause). Twice, something breaks mid-sync:
first the app server is killed with SIGKILL while a chunk is being applied and started again;
then PostgreSQL is killed (SIGKILL to the postmaster; the app starts it again). Prints what the
client saw and checks that exactly 1,000 actions were applied each time, none lost and none twice
(every second the actions carry is in the lessons once). Standard library only."""

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
from datetime import datetime, timedelta, timezone

CHUNK = 200


def request(host, port, method, path, headers, body=None, timeout=30):
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        res = conn.getresponse()
        return res.status, dict(res.getheaders()), res.read()
    except OSError as e:
        return 0, {}, str(e).encode()
    finally:
        conn.close()


def psql(socket_dir, sql):
    out = subprocess.run(["psql", "-h", socket_dir, "-U", "postgres", "-d", "ruralrise", "-Atc", sql],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


class Server:
    def __init__(self, binary, data, addr, log):
        self.cmd, self.data, self.addr, self.log = binary, data, addr, log
        self.proc = None

    def start(self):
        env = dict(os.environ, RURALRISE_DATA_DIR=self.data, DATABASE_URL="", RURALRISE_DEMO="true", LEPTOS_SITE_ADDR=self.addr)
        self.proc = subprocess.Popen([self.cmd, "serve"], env=env, stdout=open(self.log, "a"), stderr=subprocess.STDOUT)
        host, port = self.addr.split(":")
        for _ in range(600):
            if request(host, int(port), "GET", "/readyz", {}, timeout=2)[0] == 200:
                return
            time.sleep(0.25)
        raise SystemExit(f"the app did not start; see {self.log}")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--addr", default="127.0.0.1:3301")
    args = ap.parse_args()
    host, port = args.addr.split(":")
    port = int(port)
    base = f"http://{args.addr}"
    server = Server(args.binary, args.data, args.addr, args.data + ".log")
    server.start()
    try:
        run(server, host, port, base, args.data)
    finally:
        server.stop()


def run(server, host, port, base, data):
    socket_dir = open(os.path.join(data, "socket_dir")).read().strip()
    # A learner of our own, joined to the bookkeeping path a week ago, so every second the actions
    # carry fits under each lesson's cap and can be counted back exactly.
    email = f"fault-sync-{uuid.uuid4().hex[:8]}@ruralrise.test"
    learner = psql(socket_dir, f"""
        with u as (insert into app_user (email, password_hash, role)
                   select '{email}', password_hash, 'learner' from app_user where email = 'learner@ruralrise.test'
                   returning user_id),
             p as (insert into profile (user_id, display_name, time_zone) select user_id, 'Fault Sync', 'UTC' from u)
        insert into enrolment (learner_id, learning_path_id, enrolled_at)
        select u.user_id, lp.learning_path_id, now() - interval '7 days' from u, learning_path lp
         where lp.slug = 'digital-bookkeeping' returning learner_id""").splitlines()[0]
    lessons = psql(socket_dir, """
        select l.lesson_id from lesson l join module m using (module_id) join learning_path lp using (learning_path_id)
         where lp.slug = 'digital-bookkeeping' and l.kind in ('text', 'video') order by 1""").split()
    body = urllib.parse.urlencode({"email": email, "password": "ruralrise-demo"})
    status, headers, _ = request(host, port, "POST", "/api/account/sign_in",
                                 {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html", "Origin": base}, body)
    cookie = (headers.get("set-cookie") or headers.get("Set-Cookie") or "").split(";")[0]
    if not cookie.startswith("rr_session="):
        raise SystemExit(f"sign-in failed ({status})")
    print(f"learner {learner}, {len(lessons)} lessons; chunks of {CHUNK}")

    def spent():
        return int(psql(socket_dir, f"select coalesce(sum(seconds_spent), 0) from lesson_progress where learner_id = {learner}"))

    for fault in ["SIGKILL to the app server", "SIGKILL to PostgreSQL's postmaster"]:
        now = datetime.now(timezone.utc)
        queue = [{"id": str(uuid.uuid4()), "at": (now - timedelta(minutes=1000 - i)).isoformat(), "kind": "progress",
                  "lesson": int(lessons[i % len(lessons)]), "percent": 10, "position": 0, "seconds": 1 + i % 3}
                 for i in range(1000)]
        ids = [a["id"] for a in queue]
        carried = sum(a["seconds"] for a in queue)
        before = spent()
        seen, replayed, sent_bytes = {}, 0, 0
        in_flight = threading.Event()
        chunks_done = [0]

        def client():
            nonlocal replayed, sent_bytes
            pause = 0.25
            while queue:
                chunk = queue[:CHUNK]
                payload = json.dumps({"version": 1, "actions": chunk}).encode()
                if chunks_done[0] == 2:
                    in_flight.set()
                status, _, answer = request(host, port, "POST", "/api/sync/v1", {
                    "Content-Type": "application/json", "Accept": "application/json", "Cookie": cookie, "Origin": base}, payload)
                sent_bytes += len(payload)
                seen[status] = seen.get(status, 0) + 1
                if status != 200:
                    time.sleep(pause)
                    pause = min(pause * 2, 4)
                    continue
                pause = 0.25
                receipts = json.loads(answer)["receipts"]
                done = {chunk[r["index"]]["id"] for r in receipts}
                replayed += sum(1 for r in receipts if r["replayed"])
                queue[:] = [a for a in queue if a["id"] not in done]
                chunks_done[0] += 1

        started = time.monotonic()
        t = threading.Thread(target=client)
        t.start()
        in_flight.wait(60)
        time.sleep(0.05)
        if fault.startswith("SIGKILL to the app"):
            server.kill()
            down = time.monotonic()
            server.start()
            print(f"\n{fault} during the third chunk; the app answered again after {time.monotonic() - down:.1f} s")
        else:
            pid = open(os.path.join(data, "pgdata", "postmaster.pid")).readline().strip()
            os.kill(int(pid), signal.SIGKILL)
            print(f"\n{fault} (pid {pid}) during the third chunk")
        t.join(300)
        took = time.monotonic() - started
        in_list = ",".join(f"'{i}'" for i in ids)
        applied = int(psql(socket_dir, f"select count(*) from sync_receipt where outcome = 'applied' and action_id in ({in_list})"))
        refused = int(psql(socket_dir, f"select count(*) from sync_receipt where outcome = 'refused' and action_id in ({in_list})"))
        gained = spent() - before
        print(f"  answers the client saw: {dict(sorted(seen.items()))} (0 = no connection)")
        print(f"  receipts replayed after a resend: {replayed}; request bytes sent: {sent_bytes:,}; done in {took:.1f} s")
        print(f"  applied {applied} of 1000, refused {refused}, left in the queue {len(queue)}")
        print(f"  seconds the actions carried {carried}, seconds the lessons gained {gained}")
        ok = applied == 1000 and refused == 0 and not queue and gained == carried
        print("  exactly once: " + ("yes" if ok else "NO"))
        if not ok:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
