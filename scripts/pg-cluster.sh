#!/usr/bin/env bash
# A throw-away PostgreSQL cluster in a directory: created, started, stopped and removed. Used by
# scripts/with-pg.sh (one cluster for a test run) and by the fault tests (a cluster of their own
# that they kill -9 and start again, with fsync on).
#
#   scripts/pg-cluster.sh start DIR [SERVER-OPTION...]   # prints the port on stdout
#   scripts/pg-cluster.sh stop DIR [fast|immediate]      # stops it if it runs; keeps the data
#   scripts/pg-cluster.sh remove DIR [fast|immediate]    # stops it and deletes DIR
#   scripts/pg-cluster.sh clone DIR FROM                 # DIR becomes a copy of the stopped cluster FROM
#
# `start` creates DIR and the cluster in DIR/data the first time (UTF8, locale C.UTF-8, trust
# over the socket, scram-sha-256 over TCP; the caller's OS account a superuser), listening on
# 127.0.0.1 on a free port kept in DIR/port (a restart keeps the port), its socket in DIR (mode
# 0700). SERVER-OPTIONs go to postgres (`-c fsync=on`). Starting again after a crash (kill -9)
# waits for the dead server's processes to let go of its shared memory. `clone` copies a stopped
# cluster's files (its databases and roles) into a new DIR that `start` then runs on a port of its
# own: the fault tests' dataset is made once, not once per test (initdb and an import each).
# initdb, pg_ctl and postgres refuse to run as root: as root they run as the postgres account
# (runuser), from /, in a directory owned by it. PGBIN selects the server binaries (default: the
# newest /usr/lib/postgresql/*/bin).
set -euo pipefail

# A server started from here must not keep a descriptor its caller passed on (a test's pipe would
# then never reach end-of-file): close everything above stderr.
for fd in /proc/$$/fd/*; do
  fd="${fd##*/}"
  if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
done

usage() { echo "usage: $0 start DIR [SERVER-OPTION...] | stop DIR [fast|immediate] | remove DIR [fast|immediate] | clone DIR FROM" >&2; exit 2; }
[ "$#" -ge 2 ] || usage
action="$1"
cluster="$2"
shift 2

if [ -z "${PGBIN:-}" ]; then
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
fi
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "pg-cluster: no PostgreSQL server binaries (initdb) found; apt-get install -y postgresql, or set PGBIN" >&2
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
data="$cluster/data"
log="$cluster/server.log"

# A process that was killed stays a zombie until its parent reaps it; a server started by pg_ctl
# has init as its parent, and in a container init may never reap: a zombie counts as gone.
alive() { [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z ' "/proc/$1/stat"; }
running() {
  [ -f "$data/postmaster.pid" ] || return 1
  alive "$(head -n 1 "$data/postmaster.pid")" || return 1
  as_server "$PGBIN/pg_ctl" -D "$data" status >/dev/null 2>&1
}

stop() {
  local mode="${1:-fast}"
  running || return 0
  if ! as_server "$PGBIN/pg_ctl" -D "$data" -m "$mode" -w -t 20 stop >/dev/null 2>&1; then
    as_server "$PGBIN/pg_ctl" -D "$data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_on() {  # PORT SERVER-OPTION...: 0 when it runs
  local port="$1"
  shift
  as_server "$PGBIN/pg_ctl" -D "$data" -l "$log" -w -t 30 -s \
    -o "-p $port -k $cluster -c listen_addresses=127.0.0.1 -c unix_socket_permissions=0700 $*" start >/dev/null 2>&1
}

case "$action" in
start)
  fresh=""
  if [ ! -d "$data" ]; then
    mkdir -p "$cluster"
    [ "$server_user" = "$me" ] || chown "$server_user:" "$cluster"
    chmod 700 "$cluster"
    as_server "$PGBIN/initdb" -D "$data" -U "$server_user" -E UTF8 --locale=C.UTF-8 --no-sync \
      --auth-local=trust --auth-host=scram-sha-256 ${PG_CLUSTER_INITDB_OPTIONS:-} >"$cluster/initdb.log" 2>&1 || {
      cat "$cluster/initdb.log" >&2
      echo "pg-cluster: initdb failed" >&2
      exit 2
    }
    fresh=yes
  fi
  if running; then cat "$cluster/port"; exit 0; fi
  # After a crash the lock file names a dead (or zombie) postmaster, which postgres would take
  # for a live one: it goes.
  [ -f "$data/postmaster.pid" ] && rm -f "$data/postmaster.pid"
  port=""
  if [ -f "$cluster/port" ]; then
    # A restart (after a crash, too) keeps the port: clients reconnect to where they were.
    # The dead server's processes may still hold its shared memory for a moment.
    for _ in $(seq 1 50); do
      if start_on "$(cat "$cluster/port")" "$@"; then port="$(cat "$cluster/port")"; break; fi
      sleep 0.1
    done
  else
    for _ in 1 2 3 4 5 6 7 8; do
      candidate=$((20000 + RANDOM % 40000))
      port_in_use "$candidate" && continue
      # Another process may take the port between the probe and the start: then try another one.
      if start_on "$candidate" "$@"; then port="$candidate"; break; fi
    done
  fi
  if [ -z "$port" ]; then
    [ -f "$log" ] && tail -n 20 "$log" >&2
    echo "pg-cluster: the server did not start" >&2
    exit 2
  fi
  echo "$port" >"$cluster/port"
  if [ -n "$fresh" ] && [ "$server_user" != "$me" ]; then
    # The caller's account (root) becomes a superuser so it can create roles and databases.
    as_server "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$cluster" -p "$port" -U "$server_user" -d postgres \
      -c "CREATE ROLE \"$me\" SUPERUSER LOGIN" >/dev/null
  fi
  echo "$port"
  ;;
stop)
  stop "${1:-fast}"
  ;;
remove)
  # immediate: no shutdown checkpoint (its fsyncs) for a cluster about to be deleted.
  stop "${1:-fast}"
  rm -rf "$cluster"
  ;;
clone)
  from="${1:-}"
  [ -n "$from" ] && [ -d "$from/data" ] || usage
  [ ! -e "$cluster" ] || { echo "pg-cluster: $cluster exists" >&2; exit 2; }
  # A copy of a running cluster's files would be torn: FROM must be stopped.
  if [ -f "$from/data/postmaster.pid" ] && alive "$(head -n 1 "$from/data/postmaster.pid")"; then
    echo "pg-cluster: $from is running; stop it first" >&2
    exit 2
  fi
  mkdir -p "$cluster"
  [ "$server_user" = "$me" ] || chown "$server_user:" "$cluster"
  chmod 700 "$cluster"
  cp -a "$from/data" "$data"  # owner and modes kept; no port file: `start` picks a free one
  rm -f "$data/postmaster.pid"
  ;;
*)
  usage
  ;;
esac
