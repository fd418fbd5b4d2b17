#!/usr/bin/env python3
"""bench_cost - `make bench-cost`: what one request costs the server, in
instructions, whatever else the machine is doing.

Requests per second on a shared 2-core machine move by a third with the
load of its neighbours, which hides a change of a few per cent.  The
instructions a request makes the server execute do not: this runs
`kizuki serve` under valgrind's callgrind three times on fresh databases
(start and sign-in only; then POSTS creates; then the same creates and
GETS reads of them), one keep-alive client, and prints the instructions
per create and per read from the differences.  Give two binaries to
compare them (e.g. a build of an older commit).

Usage: bench_cost.py KIZUKI [OTHER_KIZUKI] [--posts N] [--gets N]
"""

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BODY = {
    "title": "顧客情報を含むメールの誤送信",
    "description": "営業部の担当者が顧客リストを添付したメールを誤った宛先に送信した。",
    "category": "misdirected_email", "place": "office",
    "detection_trigger": "employee_found", "reporter": "佐藤",
    "owner": "田中", "parties": ["staff"], "assets": ["メールサーバ"],
    "info_types": [{"type": "email_address", "count": 120}],
    "affected_persons": 120, "tags": ["misdirected_email"],
}


def drive(posts, gets):
    """Run in a child: start the server (KIZUKI_BIN is the wrapper), send
    the requests, stop it."""
    from tests.api.server import DISCOVERED, Server
    s = Server().start(timeout=600)
    try:
        _, cl = s.login("admin", s.admin_password)
        token = cl.post("/api/v1/tokens", {}).json["token"]
        c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=600)
        h = {"Authorization": "Bearer " + token,
             "Content-Type": "application/json"}
        body = json.dumps(dict(BODY, discovered_at=DISCOVERED)).encode()
        refs = []
        for _ in range(posts):
            c.request("POST", "/api/v1/incidents", body, h)
            r = c.getresponse()
            data = r.read()
            if r.status != 201:
                raise SystemExit("create answered %d: %s" % (r.status, data))
            refs.append(json.loads(data)["ref"])
        for i in range(gets):
            c.request("GET", "/api/v1/incidents/" + refs[i % len(refs)],
                      headers=h)
            r = c.getresponse()
            r.read()
            if r.status != 200:
                raise SystemExit("read answered %d" % r.status)
    finally:
        rc = s.stop(timeout=600)
    if rc != 0:
        raise SystemExit("server exited %s" % rc)


def instructions(binary, posts, gets, tmp):
    """Total instructions of one server run under callgrind."""
    out = os.path.join(tmp, "cg.%d.%d.%d" % (abs(hash(binary)), posts, gets))
    wrapper = os.path.join(tmp, "wrap-%d.sh" % abs(hash(out)))
    with open(wrapper, "w") as f:
        f.write("#!/bin/sh\nexec valgrind -q --tool=callgrind "
                "--callgrind-out-file=%s %s \"$@\"\n" % (out, binary))
    os.chmod(wrapper, 0o755)
    env = dict(os.environ, KIZUKI_BIN=wrapper)
    subprocess.run([sys.executable, __file__, "--drive", str(posts),
                    str(gets)], env=env, check=True)
    with open(out) as f:
        for line in f:
            if line.startswith("totals:") or line.startswith("summary:"):
                return int(line.split()[1])
    raise SystemExit("no totals in " + out)


def measure(binary, posts, gets, tmp):
    with ThreadPoolExecutor(max_workers=3) as pool:
        base, p, g = pool.map(
            lambda a: instructions(binary, a[0], a[1], tmp),
            [(1, 0), (posts + 1, 0), (posts + 1, gets)])
    return (p - base) / posts, (g - p) / gets


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--drive":
        drive(int(sys.argv[2]), int(sys.argv[3]))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("binaries", nargs="+")
    ap.add_argument("--posts", type=int, default=200)
    ap.add_argument("--gets", type=int, default=1000)
    a = ap.parse_args()
    print("== kizuki cost per request (callgrind instructions, one "
          "keep-alive client, SQLite) ==")
    with tempfile.TemporaryDirectory(prefix="kizuki-cost-") as tmp:
        for b in a.binaries:
            per_post, per_get = measure(os.path.abspath(b), a.posts, a.gets,
                                        tmp)
            print("%-40s POST /api/v1/incidents %9.0f   "
                  "GET /api/v1/incidents/{ref} %9.0f" % (b, per_post,
                                                         per_get))


if __name__ == "__main__":
    main()
