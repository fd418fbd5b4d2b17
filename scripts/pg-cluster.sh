#!/usr/bin/env bash
# pg-cluster.sh - a throwaway PostgreSQL cluster for kizuki's tests.
#
#   scripts/pg-cluster.sh start DIR   create (or find running) a cluster in
#                                     DIR and print its postgresql:// URI
#   scripts/pg-cluster.sh stop DIR    stop it and remove DIR
#   scripts/pg-cluster.sh uri DIR     print the URI of a started cluster
#   scripts/pg-cluster.sh bouncer DIR start PgBouncer (Debian's pgbouncer) in
#                                     transaction mode in front of a
#                                     started cluster and print its URI;
#                                     stop stops it too
#
# Typical use (what `make pg-test` does):
#
#   export KIZUKI_TEST_PG=$(scripts/pg-cluster.sh start build/pg)
#   trap 'scripts/pg-cluster.sh stop build/pg' EXIT
#
# The cluster uses Debian's server binaries (package postgresql; the
# newest /usr/lib/postgresql/N/bin, or PG_BINDIR, or pg_config --bindir),
# listens on 127.0.0.1 only and on a socket in DIR/sock, on a private port
# (a free one picked at the first start and kept in DIR/port), with fsync
# and synchronous_commit on, as in production: the tests and benchmarks
# see the real cost of a commit.  The printed URI names the socket
# directory, so no password travels: the socket directory is readable by
# the cluster's owner only (root reaches it too).  TCP on 127.0.0.1 takes
# the password in DIR/password (scram-sha-256) for the superuser 'kizuki'.
# The database is 'kizuki'; tests create more through the same user.
#
# initdb refuses to run as root.  Run as root (CI), the script runs the
# server as the system user 'kizuki-test' (created with useradd --system
# when missing; override with PG_CLUSTER_USER) through runuser, and gives
# DIR to that user, so DIR's parent directories must be searchable by it
# (build/ and /tmp are).  Run as anyone else, the server runs as that user.
#
# Idempotent: start on a running cluster prints its URI again; start on a
# stopped one starts it; stop on a missing DIR does nothing.  stop removes
# DIR only when it holds the marker file start wrote, never another
# directory.  Safe under set -euo pipefail, quick (initdb without sync:
# the cluster is thrown away; a crash during start means running it again).
# Messages go to stderr; only the URI goes to stdout.
set -euo pipefail

die() {
  echo "pg-cluster: $*" >&2
  exit 1
}

usage() {
  die "usage: $0 start|stop|uri|bouncer DIR"
}

[ $# -eq 2 ] || usage
cmd=$1
dir=$2
case "$dir" in
  /*) ;;
  *) dir="$PWD/$dir" ;;
esac
marker="$dir/.kizuki-pg-cluster"

bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then
    echo "$PG_BINDIR"
    return
  fi
  local newest
  newest=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then
    echo "$newest"
    return
  fi
  if command -v pg_config >/dev/null 2>&1 &&
    [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  die "no PostgreSQL server binaries (install Debian's postgresql, or set PG_BINDIR)"
}

# The user the server runs as, and how to run a command as that user.
owner=$(id -un)
as_owner() { clean_env "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  owner=${PG_CLUSTER_USER:-kizuki-test}
  if ! id -u "$owner" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$owner" >&2
  fi
  as_owner() { clean_env runuser -u "$owner" -- "$@"; }
fi

# Only this script's variables reach the server and the client tools: a
# PGHOST or PGDATABASE of the caller must not redirect createdb.
clean_env() {
  env -u PGHOST -u PGHOSTADDR -u PGPORT -u PGDATABASE -u PGUSER \
    -u PGPASSWORD -u PGSERVICE -u PGOPTIONS -u PGDATA "$@"
}

print_uri() {
  # The socket directory goes in the query: a path in the host part would
  # need percent-encoding of every '/'.
  printf 'postgresql://kizuki@/kizuki?host=%s&port=%s\n' "$dir/sock" \
    "$(cat "$dir/port")"
}

running() {
  [ -f "$dir/data/PG_VERSION" ] &&
    as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

free_port() {
  # A port the kernel hands out is free now; the server binds it a moment
  # later (start retries with another one if someone took it meanwhile).
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_server() {
  local log="$dir/log"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$log" -w -t 30 \
    -o "-p $(cat "$dir/port")" start >/dev/null
}

do_start() {
  bin=$(bindir)
  if [ -e "$dir" ] && [ ! -f "$marker" ] &&
    [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
    die "$dir exists and is not a cluster of this script; refusing to use it"
  fi
  if [ -f "$marker" ] && [ -f "$dir/port" ] && running; then
    print_uri
    return
  fi
  mkdir -p "$dir"
  touch "$marker"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    rm -rf "$dir/data" "$dir/sock"
    mkdir -p "$dir/sock"
    chmod 700 "$dir" "$dir/sock"
    # A Unix socket path is limited to 107 bytes.
    [ ${#dir} -le 80 ] || die "$dir is too long for a socket path; use a shorter DIR"
    head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$dir/password"
    chown -R "$owner" "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U kizuki \
      --pwfile="$dir/password" --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --no-locale --no-sync \
      --no-instructions >"$dir/initdb.log" 2>&1 ||
      die "initdb failed: $(tail -n 5 "$dir/initdb.log")"
    cat >>"$dir/data/postgresql.conf" <<EOF
# scripts/pg-cluster.sh: a private test cluster.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/sock'
unix_socket_permissions = 0700
fsync = on
synchronous_commit = on
max_connections = 100
log_min_messages = warning
EOF
  fi
  local tries=0
  while :; do
    if [ ! -f "$dir/port" ] || [ $tries -gt 0 ]; then
      free_port >"$dir/port"
      chown "$owner" "$dir/port"
    fi
    if start_server; then
      break
    fi
    tries=$((tries + 1))
    [ $tries -lt 5 ] || die "the server did not start: $(tail -n 5 "$dir/log")"
  done
  local port
  port=$(cat "$dir/port")
  local have
  have=$(as_owner "$bin/psql" -h "$dir/sock" -p "$port" -U kizuki \
    -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = 'kizuki'")
  if [ "$have" != 1 ]; then
    as_owner "$bin/createdb" -h "$dir/sock" -p "$port" -U kizuki \
      kizuki
  fi
  print_uri
}

# PgBouncer in transaction mode with one server connection per pool, so
# that two clients share it (as under load) and one session's prepared
# statements meet the next client: what issue 11 asks kizuki to survive.
# Its socket is in DIR/sock too, on a port of its own.
do_bouncer() {
  if [ ! -f "$marker" ] || [ ! -f "$dir/port" ]; then
    die "no cluster in $dir (start it first)"
  fi
  command -v pgbouncer >/dev/null 2>&1 ||
    die "no pgbouncer (install Debian's pgbouncer)"
  bin=$(bindir)
  local b="$dir/bouncer"
  if [ -f "$b/pid" ] && kill -0 "$(cat "$b/pid")" 2>/dev/null; then
    printf 'postgresql://kizuki@/kizuki?host=%s&port=%s\n' "$dir/sock" \
      "$(cat "$b/port")"
    return
  fi
  mkdir -p "$b"
  free_port >"$b/port"
  echo '"kizuki" ""' >"$b/users.txt"
  cat >"$b/pgbouncer.ini" <<INI
[databases]
* = host=$dir/sock port=$(cat "$dir/port")

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $(cat "$b/port")
unix_socket_dir = $dir/sock
auth_type = trust
auth_file = $b/users.txt
pool_mode = transaction
default_pool_size = 1
max_client_conn = 50
logfile = $b/log
pidfile = $b/pid
INI
  chown -R "$owner" "$b"
  as_owner pgbouncer -d -q "$b/pgbouncer.ini" ||
    die "pgbouncer did not start: $(tail -n 5 "$b/log" 2>/dev/null)"
  local _
  for _ in $(seq 1 100); do
    if as_owner "$bin/pg_isready" -q -h "$dir/sock" -p "$(cat "$b/port")" \
      -d kizuki -U kizuki; then
      printf 'postgresql://kizuki@/kizuki?host=%s&port=%s\n' "$dir/sock" \
        "$(cat "$b/port")"
      return
    fi
    sleep 0.1
  done
  die "pgbouncer does not answer: $(tail -n 5 "$b/log" 2>/dev/null)"
}

do_stop() {
  [ -e "$dir" ] || return 0
  [ -f "$marker" ] || die "$dir is not a cluster of this script; not removing it"
  bin=$(bindir)
  if [ -f "$dir/bouncer/pid" ]; then
    kill "$(cat "$dir/bouncer/pid")" 2>/dev/null || true
  fi
  if running; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop \
      >/dev/null
  fi
  rm -rf "$dir"
}

case "$cmd" in
  start) do_start ;;
  stop) do_stop ;;
  bouncer) do_bouncer ;;
  uri)
    if [ ! -f "$marker" ] || [ ! -f "$dir/port" ]; then
      die "no cluster in $dir"
    fi
    print_uri
    ;;
  *) usage ;;
esac
