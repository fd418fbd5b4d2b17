#!/usr/bin/env bash
# Source checks run by `make check` (and the test command):
#   1. banned functions          2. layering (include rules)
#   3. every message key used exists in the catalogue
#   4. docs/api.md documents every route
#   5. cppcheck finds nothing     6. clang-tidy finds nothing
#   7. the C sources are laid out as .clang-format says
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
fail() { echo "check-src: $*"; status=1; }

# 1. Unbounded or error-hiding C functions; allocation only via util/mem.c.
banned='\b(sprintf|vsprintf|strcpy|strcat|strncpy|gets|atoi|atol|atoll|strtok)\s*\('
hits=$(grep -rnE "$banned" src --include='*.c' --include='*.h' | grep -v 'check-src: allow')
[ -n "$hits" ] && fail "banned functions:"$'\n'"$hits"
hits=$(grep -rnE '(^|[^x_a-z])(malloc|calloc|realloc|free)\s*\(' src --include='*.c' \
        | grep -v '^src/util/mem.c:' | grep -vE 'sqlite3_free|json_|MHD_|curl_|//|\* ')
[ -n "$hits" ] && fail "allocate through util/mem.h:"$'\n'"$hits"

# 2. The architecture of SPEC §6: core is pure; only server.c knows
#    libmicrohttpd; the CLI reaches the server only to start it.
hits=$(grep -rnE '#include\s*[<"](sqlite3|libpq-fe|microhttpd|jansson|curl/curl)\.h' src/core)
[ -n "$hits" ] && fail "src/core must not include I/O libraries:"$'\n'"$hits"
hits=$(grep -rln '#include <microhttpd.h>' src | grep -v '^src/http/server.c$')
[ -n "$hits" ] && fail "only src/http/server.c includes microhttpd.h: $hits"
hits=$(grep -rln '#include <sqlite3.h>' src | grep -v '^src/store/')
[ -n "$hits" ] && fail "SQL lives only in src/store: $hits"
# libpq is the PostgreSQL driver's alone: the record operations above it
# are written once for both engines (src/store/db.h).
hits=$(grep -rlnE '#include\s*[<"](postgresql/)?libpq-fe\.h' src | grep -v '^src/store/db_pg.c$')
[ -n "$hits" ] && fail "only src/store/db_pg.c includes libpq-fe.h: $hits"
hits=$(grep -rln '#include "http/' src/cli | grep -v '^src/cli/cli_serve.c$')
[ -n "$hits" ] && fail "src/cli must not include http/ headers: $hits"
# Within the store, SQLite's API only in its driver and the SQLite-only
# files (the engine, its FTS5 search and — until issue 11 moves them onto
# the driver — the incident and alert records); the record operations
# (sql_*.c) are written once over db.h for every engine.
hits=$(grep -rlE '#include\s*[<"]sqlite3\.h' src/store |
       grep -vE '^src/store/(db_sqlite\.c|sqlite\.c|sqlite_int\.h|sqlite_(search|alert)\.c)$')
[ -n "$hits" ] && fail "sqlite3.h only in the SQLite driver and engine: $hits"
hits=$(grep -lE '#include\s*"store/sqlite_int\.h"' src/store/sql_*.c src/store/db*.c src/store/store*.c 2>/dev/null)
[ -n "$hits" ] && fail "shared store code must not include sqlite_int.h: $hits"

# 3. Message keys.
used=$(grep -rohE '"(v|err|cli|phase|verify|field|jp|triage|obl|drift)\.[a-z_.0-9]*[a-z0-9]"' src | tr -d '"' | sort -u)
have=$(grep -oE '^\s*\{"[a-z_.0-9]+"' src/util/i18n_catalog.c | grep -oE '[a-z_.0-9]+' | sort -u)
missing=$(comm -23 <(echo "$used") <(echo "$have"))
[ -n "$missing" ] && fail "message keys missing from src/util/i18n_catalog.c:"$'\n'"$missing"

# 4. API documentation.
if [ -x scripts/check-api-doc.sh ]; then
  scripts/check-api-doc.sh || status=1
fi

# 5. Static analysis.
if command -v cppcheck >/dev/null; then
  out=$(cppcheck --quiet --std=c11 --enable=warning,portability,performance \
        --inline-suppr --error-exitcode=1 -I src -I build/gen \
        --include=/usr/include/jansson.h \
        --suppress=missingIncludeSystem src 2>&1) || fail "cppcheck:"$'\n'"$out"
fi

if command -v clang-tidy >/dev/null; then
  out=$(scripts/tidy.sh) || fail "clang-tidy:"$'\n'"$out"
fi

# 7. Layout: one style, so that diffs show changes and not reflowing.
if command -v clang-format >/dev/null; then
  out=$(git ls-files -z 'src/*.[ch]' 'tests/*.[ch]' 'bench/*.[ch]' |
        xargs -0 clang-format --dry-run --Werror 2>&1) ||
    fail "clang-format (run: clang-format -i FILE):"$'\n'"$(echo "$out" | head -40)"
fi

[ $status -eq 0 ] && echo "check-src: ok"
exit $status
