#!/bin/sh
# SPDX-License-Identifier: MIT
#
# check-api-doc.sh - docs/api.md documents every route of src/http/routes.c
# and nothing else, in the same order: one "## METHOD /path" heading per
# entry of the route table (CONVENTIONS §3.3).  Run by `make check`.
#
# Usage: scripts/check-api-doc.sh [ROUTES_C [API_MD]]
# Exits 1, naming each difference, when they disagree.

set -eu

routes=${1:-src/http/routes.c}
doc=${2:-docs/api.md}

for f in "$routes" "$doc"; do
    if [ ! -r "$f" ]; then
        echo "check-api-doc: cannot read $f" >&2
        exit 2
    fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Entries may be wrapped over lines: join the file, then take each
# {"METHOD", "/path" pair of the table.
tr '\n' ' ' <"$routes" |
    grep -oE '\{[[:space:]]*"(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)"[[:space:]]*,[[:space:]]*"[^"]*"' |
    sed -E 's/^\{[[:space:]]*"([A-Z]+)"[[:space:]]*,[[:space:]]*"([^"]*)"$/\1 \2/' \
        >"$tmp/routes"

# Headings outside fenced code blocks only.
awk '/^```/ { fence = !fence; next }
     !fence && /^## (GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \// {
         sub(/^## /, ""); sub(/[[:space:]]+$/, ""); print }' \
    "$doc" >"$tmp/doc"

if [ ! -s "$tmp/routes" ]; then
    echo "check-api-doc: no routes found in $routes" >&2
    exit 2
fi

status=0
sort "$tmp/routes" >"$tmp/routes.sorted"
sort "$tmp/doc" >"$tmp/doc.sorted"

comm -23 "$tmp/routes.sorted" "$tmp/doc.sorted" >"$tmp/missing"
comm -13 "$tmp/routes.sorted" "$tmp/doc.sorted" >"$tmp/extra"
uniq -d "$tmp/doc.sorted" >"$tmp/twice"

while IFS= read -r r; do
    echo "check-api-doc: $routes has $r, but $doc has no '## $r' section"
    status=1
done <"$tmp/missing"
while IFS= read -r r; do
    echo "check-api-doc: $doc documents '$r', which $routes does not have"
    status=1
done <"$tmp/extra"
while IFS= read -r r; do
    echo "check-api-doc: $doc documents '$r' more than once"
    status=1
done <"$tmp/twice"

# Same set: then the sections must follow the table's order.
if [ "$status" -eq 0 ] && ! cmp -s "$tmp/routes" "$tmp/doc"; then
    paste -d '|' "$tmp/routes" "$tmp/doc" |
        awk -F '|' -v r="$routes" -v d="$doc" '$1 != $2 {
            printf "check-api-doc: %s does not follow the order of %s:" \
                " entry %d is \"%s\" there, \"%s\" here\n", d, r, NR, $1, $2
            exit }'
    status=1
fi

if [ "$status" -eq 0 ]; then
    echo "check-api-doc: $(wc -l <"$tmp/routes" | tr -d ' ') routes," \
        "all documented in order"
fi
exit "$status"
