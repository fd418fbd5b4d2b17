# SPDX-License-Identifier: MIT
"""run_parallel - run the test modules of some directories as separate
processes, several at a time, for `make cli-test` and `make api-test`.

Every module of tests/api starts its own `kizuki serve` on a port the
kernel picks and a database in its own temporary directory, and every CLI
test case has its own temporary database, so modules share nothing and can
run side by side.  They mostly wait (on fsync, on the server, on
subprocesses), so running a few at once shortens the wall time even on two
cores.

    python3 tests/run_parallel.py [-j N] [--log DIR] tests/api [tests/cli]

Each module runs as `python3 -m unittest -v tests.api.test_x`.  A line per
module says how it went; the whole output of a module that failed is
printed in full, and every module's output is kept in DIR (default
build/test-logs/).  The exit status is 1 when any module failed.  The
slowest modules of the last run start first (their times are kept in
DIR/times.json), so that one long module does not run alone at the end.

A module that measures time (the sign-in throttle's delays) says so with
a line `RUN_ALONE = True`; such modules run after the others, one at a
time, so that the load of their neighbours does not decide their result.

A module whose result cannot depend on the store's engine (HTTP framing,
the assets of the first load) says `BACKEND_INDEPENDENT = True`; the
PostgreSQL pass of the suite (KIZUKI_TEST_BACKEND=postgresql) leaves it
out, since the SQLite pass has run it.

Python 3 standard library only.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def modules(dirs):
    """(module name, file) of every tests/<dir>/test_*.py."""
    out = []
    for d in dirs:
        p = (ROOT / d).resolve()
        for f in sorted(p.glob("test_*.py")):
            rel = f.relative_to(ROOT).with_suffix("")
            out.append((".".join(rel.parts), f))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-j", "--jobs", type=int,
                    default=int(os.environ.get("TEST_JOBS", "4")))
    ap.add_argument("--log", default=str(ROOT / "build" / "test-logs"))
    ap.add_argument("dirs", nargs="+")
    args = ap.parse_args()

    log = Path(args.log)
    log.mkdir(parents=True, exist_ok=True)
    times_file = log / "times.json"
    try:
        times = json.loads(times_file.read_text())
    except (OSError, ValueError):
        times = {}
    mods = modules(args.dirs)
    if not mods:
        print("run_parallel: no test modules in %s" % " ".join(args.dirs))
        return 1
    # Longest first: the last run's time, else the file's size.
    mods.sort(key=lambda m: -times.get(m[0], m[1].stat().st_size / 1000.0))

    lock = threading.Lock()
    failed = []
    start_all = time.monotonic()

    def run(mod):
        name, _ = mod
        t0 = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "unittest", "-v", name], cwd=ROOT,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        took = time.monotonic() - t0
        text = proc.stdout.decode("utf-8", errors="replace")
        (log / (name + ".log")).write_text(text)
        # unittest's last lines: "Ran 12 tests in 3.2s" and OK/FAILED.
        ran = next((line for line in reversed(text.splitlines())
                    if line.startswith("Ran ")), "no tests ran")
        with lock:
            times[name] = round(took, 1)
            if proc.returncode != 0:
                failed.append(name)
                print("FAIL %s (%.1f s, exit %d)\n%s\n%s\n%s" % (
                    name, took, proc.returncode, "=" * 70, text, "=" * 70),
                    flush=True)
            else:
                print("ok   %-40s %6.1f s  %s" % (name, took, ran),
                      flush=True)

    if os.environ.get("KIZUKI_TEST_BACKEND") == "postgresql":
        independent_re = re.compile(r"^BACKEND_INDEPENDENT = True\s*$",
                                    re.M)
        for m in [m for m in mods
                  if independent_re.search(m[1].read_text("utf-8"))]:
            print("skip %-40s (backend-independent: run on SQLite)" % m[0],
                  flush=True)
            mods.remove(m)

    alone_re = re.compile(r"^RUN_ALONE = True\s*$", re.M)
    alone = [m for m in mods if alone_re.search(m[1].read_text("utf-8"))]
    together = [m for m in mods if m not in alone]
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        list(ex.map(run, together))
    for m in alone:
        run(m)

    try:
        times_file.write_text(json.dumps(times, indent=1, sort_keys=True))
    except OSError:
        pass
    took = time.monotonic() - start_all
    if failed:
        print("run_parallel: %d of %d modules FAILED in %.0f s: %s" % (
            len(failed), len(mods), took, " ".join(sorted(failed))))
        return 1
    print("run_parallel: %d modules passed in %.0f s (%d at a time)" % (
        len(mods), took, args.jobs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
