#!/usr/bin/env bash
# clang-tidy over every source file, with the checks in .clang-tidy.
# Prints the warnings and fails when there is any.  Run by check-src.sh.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC2207
flags=(-std=c17 -DKIZUKI_VERSION='"tidy"' -D_DEFAULT_SOURCE -D_GNU_SOURCE
       -Isrc -Ibuild/gen $(pkg-config --cflags libcurl gmime-3.0 libpq))
out=$(find src -name '*.c' -print0 |
      xargs -0 -P "$(nproc)" -I{} clang-tidy --quiet {} -- "${flags[@]}" 2>/dev/null |
      grep -A3 -E 'warning:|error:')
if [ -n "$out" ]; then
  echo "$out"
  exit 1
fi
exit 0
