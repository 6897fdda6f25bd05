#!/usr/bin/env bash
# Runs a command against a throw-away PostgreSQL cluster, then stops and removes the cluster on
# every exit path (success, failure, Ctrl-C, SIGTERM).
#
#   scripts/with-pg.sh swift test        # the README's test command
#   scripts/with-pg.sh psql              # a scratch database to look around in
#
# The cluster (scripts/pg-cluster.sh) lives in a new directory under $TMPDIR (default /tmp):
# UTF8, locale C.UTF-8, its socket in that directory (mode 0700), listening on 127.0.0.1 on a free
# port, so neither the packaged cluster nor a second run clashes with it. The command sees:
#   PGHOST (the socket directory), PGPORT, PGUSER (the current OS account, a superuser there),
#   PGDATABASE=objection_desk_test, and OBJECTION_DESK_TEST_DATABASE=required (the database
#   tests then fail instead of being skipped when the server cannot be reached).
# Authentication: trust over the private socket, scram-sha-256 over TCP (tests that need a
# password connect to 127.0.0.1). As root the server runs as the postgres account (see
# pg-cluster.sh). PGBIN selects the server binaries (default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGUMENT...]" >&2
  exit 2
fi

here="$(cd "$(dirname "$0")" && pwd)"
me="$(id -un)"
cluster="$(mktemp -d "${TMPDIR:-/tmp}/objection-desk-pg.XXXXXX")"
rmdir "$cluster"  # pg-cluster.sh creates it, owned by the server's account

cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  "$here/pg-cluster.sh" remove "$cluster" || true
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

port="$("$here/pg-cluster.sh" start "$cluster")" || { echo "with-pg: the server did not start" >&2; exit 2; }

# Nothing from the caller's libpq environment may point the command elsewhere.
unset PGHOSTADDR PGSERVICE PGSERVICEFILE PGPASSWORD PGPASSFILE PGOPTIONS PGSSLMODE PGREQUIRESSL PGTARGETSESSIONATTRS

# Two separate commands: CREATE DATABASE refuses to run inside the transaction one -c makes.
psql -X -q -v ON_ERROR_STOP=1 -h "$cluster" -p "$port" -U "$me" -d postgres \
  -c "CREATE DATABASE objection_desk_test OWNER \"$me\"" >/dev/null

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
