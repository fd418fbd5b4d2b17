#!/usr/bin/env bash
# Every test of kizuki, as CI runs it, on a fresh Debian 12 machine:
# installs what is missing (Debian packages, npm packages), builds, runs
# unit, CLI, API and browser tests, then the unit, CLI and API tests again
# under AddressSanitizer + UndefinedBehaviorSanitizer, a few seconds of
# each libFuzzer harness, and the parsers' unit tests under valgrind.
#
# Wall time: the suite mostly waits (fsync, HTTP round trips, a browser),
# so the CLI and API test modules run several at a time (TEST_JOBS, 4 by
# default; tests/run_parallel.py), the unit tests and fuzzers side by side
# (make -j), and the sanitizer and libFuzzer builds compile in the
# background while the plain suite runs.  A failure anywhere fails the
# script with the output of what failed; each stage's time is printed at
# the end (and kept in build/test-logs/stages.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh --browser

# npm ci when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund
  touch node_modules
fi

jobs=$(nproc 2>/dev/null || echo 2)
export TEST_JOBS="${TEST_JOBS:-4}"
logs=build/test-logs
mkdir -p "$logs"
stages="$logs/stages.txt"
: >"$stages"
TIMEFORMAT='%R %U %S'

# stage NAME COMMAND...: run it, note its wall and CPU seconds.
stage() {
  local name=$1 t
  shift
  echo "=== $name"
  { t=$( { time "$@" 1>&3 2>&4; } 2>&1 ); } 3>&1 4>&2
  read -r real user sys <<<"$t"
  awk -v n="$name" -v r="$real" -v u="$user" -v s="$sys" \
    'BEGIN { printf "%-22s wall %7.1f s   cpu %7.1f s\n", n, r, u + s }' \
    >>"$stages"
}

# A background build: its output goes to a log, printed if it fails.
bg_pid=""
bg_log="$logs/background-build.log"
cleanup() {
  # The build runs in a process group of its own (setsid): stop all of it.
  if [ -n "$bg_pid" ]; then kill -- "-$bg_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

stage "make all" make -j"$jobs" all

# The ASan and libFuzzer builds compile on the CPU the plain suite leaves
# idle while it waits; nothing of them runs before their stage.
setsid bash -c '
  start=$(date +%s)
  make -j"$1" asan-build && make -j"$1" fuzz-build
  rc=$?
  echo "background build (asan-build, fuzz-build): $(( $(date +%s) - start )) s wall, exit $rc"
  exit $rc' bg "$jobs" >"$bg_log" 2>&1 &
bg_pid=$!

stage "make test" make -j"$jobs" test
# The PostgreSQL driver against a throwaway cluster and PgBouncer, both
# started and removed by the target (also when a test fails).
stage "pg-test" make pg-test
stage "browser" make browser-test

echo "=== waiting for the ASan and libFuzzer builds"
if ! wait "$bg_pid"; then
  bg_pid=""
  echo "The background build (make asan-build, make fuzz-build) failed:"
  cat "$bg_log"
  exit 1
fi
bg_pid=""
tail -n 1 "$bg_log" | tee -a "$stages"

stage "asan" make -j"$jobs" asan
stage "fuzz-smoke" make -j"$jobs" fuzz-smoke
stage "valgrind" make -j"$jobs" valgrind
stage "check" make check
echo "--- stage times"
cat "$stages"
echo "All tests passed."
