#!/usr/bin/env bash
# Every test of kizuki, as CI runs it, on a fresh Debian 12 machine:
# installs what is missing (Debian packages, npm packages), builds, runs
# unit, CLI, API and browser tests, then the unit, CLI and API tests again
# under AddressSanitizer + UndefinedBehaviorSanitizer, a few seconds of
# each libFuzzer harness, and the parsers' unit tests under valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh --browser

# npm ci when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund
  touch node_modules
fi

jobs=$(nproc 2>/dev/null || echo 2)
make -j"$jobs" all
make -j"$jobs" test
make browser-test
make -j"$jobs" asan
make -j"$jobs" fuzz-build
make fuzz-smoke
make -j"$jobs" valgrind
make check
echo "All tests passed."
