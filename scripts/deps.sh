#!/usr/bin/env bash
# Install the Debian packages kizuki needs to build and test, and only
# those that are missing.  Non-interactive; uses sudo when not root.
set -euo pipefail

pkgs=(
  build-essential pkg-config ca-certificates tzdata python3 sqlite3
  libsqlite3-dev libjansson-dev libsodium-dev libmicrohttpd-dev
  libcurl4-openssl-dev libcmocka-dev
  zlib1g-dev libbrotli-dev
  # Mail intake (MIME), upload media types, search normalisation (NFKC).
  libgmime-3.0-dev libmagic-dev libicu-dev
  # MD5 and SHA-1 of evidence (exchanges still ask for them).
  nettle-dev
  # Internationalised domain names of observables (punycode, UTS #46).
  libidn2-dev
  # PostgreSQL, the second backend (issue 11): libpq to build, and the
  # server and PgBouncer for the tests' throwaway cluster
  # (scripts/pg-cluster.sh).
  libpq-dev postgresql pgbouncer
  # The API tests read a PostgreSQL store's tables as they read SQLite's.
  python3-psycopg2
  python3-aiosmtpd
  # A real CommonMark reader for the Markdown drafts' tests.
  cmark-gfm
  cppcheck clang-tidy clang-format clang libclang-rt-14-dev valgrind
)
if [ "${1:-}" = "--browser" ]; then
  # A Japanese font, so that screenshots of the UI show Japanese text.
  pkgs+=(chromium nodejs npm fonts-ipafont-gothic)
fi

# A tool already on the PATH counts as installed, whichever package
# brought it: NodeSource's nodejs carries npm, and Debian's npm package
# cannot be installed beside it.
provides() {
  case "$1" in
    nodejs) command -v node >/dev/null 2>&1 ;;
    npm) command -v npm >/dev/null 2>&1 ;;
    chromium) command -v chromium >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

missing=()
for p in "${pkgs[@]}"; do
  if provides "$p"; then
    continue
  fi
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
