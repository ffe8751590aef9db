#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# A throwaway PostgreSQL cluster for the PostgreSQL tests, as a CTest fixture pair:
#   pg-cluster.sh start STATE   initdb in a temporary folder, postgres on a free port of
#                               127.0.0.1, then STATE holds "PORT FOLDER" once it accepts
#                               connections
#   pg-cluster.sh restart STATE stops it and starts it again on the same port and folder
#   pg-cluster.sh stop STATE    stops it and removes the folder and STATE
# PostgreSQL refuses to run as root, so as root the folder belongs to `nobody` and the server
# runs as that user. The tests read STATE to find the server (tests/sync/PgTestCluster.h).
# Environment for `start`: ACCUEIL_PG_DURABLE=1 keeps PostgreSQL's durable defaults (fsync and
# synchronous_commit on), for the bench that sets it against the SQLite central's durable
# commits; ACCUEIL_PG_MAX_CONNECTIONS (default 200). The tests set neither.
set -euo pipefail

BIN=${ACCUEIL_PG_BIN:-/usr/lib/postgresql/15/bin}
action=${1:?start or stop}
state=${2:?the state file}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u nobody -- "$@"
  else
    "$@"
  fi
}

case "$action" in
start)
  rm -f "$state"
  if [ ! -x "$BIN/initdb" ] || [ ! -x "$BIN/postgres" ]; then
    echo "no PostgreSQL server in $BIN: install the Debian package postgresql-15" >&2
    exit 1
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/accueil-pg.XXXXXX")
  chmod 700 "$dir"
  [ "$(id -u)" -eq 0 ] && chown nobody: "$dir"
  # No fsync for the tests: a throwaway cluster that no test crashes (the central's durability
  # is tested on its SQLite file), and CREATE DATABASE per test would otherwise flush megabytes
  # on a shared disk. The bench asks for PostgreSQL's durable defaults instead.
  fsync="-c fsync=off"
  [ "${ACCUEIL_PG_DURABLE:-0}" = 1 ] && fsync=""
  max_connections=${ACCUEIL_PG_MAX_CONNECTIONS:-200}
  case "$max_connections" in
  '' | *[!0-9]*)
    echo "ACCUEIL_PG_MAX_CONNECTIONS must be a number, not '$max_connections'" >&2
    exit 2
    ;;
  esac
  as_owner "$BIN/initdb" -D "$dir/data" -U accueil --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
  # A free port: the kernel picks one, then postgres takes it; another process may take it in
  # between, so a few tries.
  for _ in 1 2 3 4 5; do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir $fsync -c max_connections=$max_connections" \
      start >/dev/null 2>&1 && break
    port=""
  done
  if [ -z "$port" ]; then
    cat "$dir/server.log" >&2 || true
    rm -rf "$dir"
    echo "PostgreSQL did not start" >&2
    exit 1
  fi
  # pg_ctl -w waited until it accepts connections (bounded by -t).
  echo "$port $dir" >"$state"
  echo "PostgreSQL 15 on 127.0.0.1:$port ($dir)"
  ;;
restart)
  read -r port dir <"$state"
  as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 30 restart >/dev/null
  ;;
stop)
  [ -f "$state" ] || exit 0
  read -r port dir <"$state"
  as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  rm -rf "$dir" "$state"
  ;;
*)
  echo "usage: $0 start|stop STATE" >&2
  exit 2
  ;;
esac
