#!/usr/bin/env bash
# Runs a command against a throw-away PostgreSQL cluster, then stops and removes the cluster on
# every exit path (success, failure, Ctrl-C, SIGTERM).
#
#   scripts/with-pg.sh swift test        # the README's test command
#   scripts/with-pg.sh psql              # a scratch database to look around in
#
# The cluster lives in a new directory under $TMPDIR (default /tmp): UTF8, locale C.UTF-8, its
# socket in that directory (mode 0700), listening on 127.0.0.1 on a free port, so neither the
# packaged cluster nor a second run clashes with it. The command sees:
#   PGHOST (the socket directory), PGPORT, PGUSER (the current OS account, a superuser there),
#   PGDATABASE=objection_desk_test, and OBJECTION_DESK_TEST_DATABASE=required (the database
#   tests then fail instead of being skipped when the server cannot be reached).
# Authentication: trust over the private socket, scram-sha-256 over TCP (tests that need a
# password connect to 127.0.0.1). initdb, pg_ctl and postgres refuse to run as root: as root they
# run as the postgres account (runuser), from /, in a directory owned by it. PGBIN selects the
# server binaries (default: the newest /usr/lib/postgresql/*/bin, 15 on Debian bookworm).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGUMENT...]" >&2
  exit 2
fi

if [ -z "${PGBIN:-}" ]; then
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
fi
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "with-pg: no PostgreSQL server binaries (initdb) found; apt-get install -y postgresql, or set PGBIN" >&2
  exit 2
fi

me="$(id -un)"
if [ "$(id -u)" -eq 0 ]; then
  server_user=postgres
  as_server() { (cd / && runuser -u postgres -- "$@"); }
else
  server_user="$me"
  as_server() { (cd / && "$@"); }
fi

cluster="$(mktemp -d "${TMPDIR:-/tmp}/objection-desk-pg.XXXXXX")"
data="$cluster/data"
log="$cluster/server.log"
[ "$server_user" = "$me" ] || chown "$server_user:" "$cluster"
chmod 700 "$cluster"

started=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  if [ -n "$started" ] && [ -f "$data/postmaster.pid" ]; then
    if ! as_server "$PGBIN/pg_ctl" -D "$data" -m fast -w -t 20 stop >/dev/null 2>&1; then
      as_server "$PGBIN/pg_ctl" -D "$data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    fi
  fi
  rm -rf "$cluster"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

as_server "$PGBIN/initdb" -D "$data" -U "$server_user" -E UTF8 --locale=C.UTF-8 --no-sync \
  --auth-local=trust --auth-host=scram-sha-256 >"$cluster/initdb.log" 2>&1 || {
  cat "$cluster/initdb.log" >&2
  echo "with-pg: initdb failed" >&2
  exit 2
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

port=""
for _ in 1 2 3 4 5 6 7 8; do
  candidate=$((20000 + RANDOM % 40000))
  port_in_use "$candidate" && continue
  started=yes
  if as_server "$PGBIN/pg_ctl" -D "$data" -l "$log" -w -t 30 -s \
      -o "-p $candidate -k $cluster -c listen_addresses=127.0.0.1 -c unix_socket_permissions=0700" start; then
    port="$candidate"
    break
  fi
  started=""
  # Another process took the port between the probe and the start: try another one.
done
if [ -z "$port" ]; then
  [ -f "$log" ] && cat "$log" >&2
  echo "with-pg: the server did not start" >&2
  exit 2
fi

psql_server() { as_server "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$cluster" -p "$port" -U "$server_user" -d postgres "$@"; }
if [ "$server_user" != "$me" ]; then
  # The test runner's account (root) becomes a superuser so tests can create roles and databases.
  psql_server -c "CREATE ROLE \"$me\" SUPERUSER LOGIN" >/dev/null
fi
# Two separate commands: CREATE DATABASE refuses to run inside the transaction one -c makes.
psql_server -c "CREATE DATABASE objection_desk_test OWNER \"$me\"" >/dev/null

# Nothing from the caller's libpq environment may point the command elsewhere.
unset PGHOSTADDR PGSERVICE PGSERVICEFILE PGPASSWORD PGPASSFILE PGOPTIONS PGSSLMODE PGREQUIRESSL PGTARGETSESSIONATTRS
export PGHOST="$cluster" PGPORT="$port" PGUSER="$me" PGDATABASE=objection_desk_test
export OBJECTION_DESK_TEST_DATABASE=required

# The command runs in the background so that a signal to this script is handled at once (bash
# runs traps only after a foreground command ends): the command gets the signal too, and the
# cluster goes after it. stdin is passed on explicitly (a background command gets /dev/null).
child=""
forward() {
  if [ -n "$child" ]; then
    kill "-$1" "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  exit "$2"
}
trap 'forward INT 130' INT
trap 'forward TERM 143' TERM
trap 'forward HUP 129' HUP
set +e
"$@" <&0 &
child=$!
wait "$child"
status=$?
set -e
exit "$status"
