#!/usr/bin/env bash
# Build kizuki, create its database and start the server on a fresh Debian
# 12 machine.  Prints the address to open and, the first time, the
# administrator's password.
#   KIZUKI_DB      database file (default ./kizuki.db) or postgresql:// URI
#   KIZUKI_EVIDENCE_DIR  where evidence files go (default: beside the file)
#   KIZUKI_LISTEN  address:port (default 127.0.0.1:8080)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
make -j"$(nproc 2>/dev/null || echo 2)" all
db="${KIZUKI_DB:-kizuki.db}"
build/kizuki init --db "$db"
exec build/kizuki serve --db "$db" --listen "${KIZUKI_LISTEN:-127.0.0.1:8080}"
