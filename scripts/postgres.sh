#!/usr/bin/env bash
# Starts (idempotently) a project-local PostgreSQL cluster on 127.0.0.1 and prints its
# connection string on stdout (everything else goes to stderr).
#
#   scripts/postgres.sh [start|stop|status|url]
#
# Environment:
#   CHIROCLICK_PG_PORT   port (default 55432)
#   CHIROCLICK_PG_DATA   data directory (default <repo>/.pgdata, git-ignored)
#   CHIROCLICK_PG_DB     database name (default chiroclick)
#
# When run as root the server runs as the `postgres` user (PostgreSQL refuses root). If that user
# cannot reach <repo>/.pgdata (a clone under /root, say), the data lives under
# /var/lib/postgresql/chiroclick/<hash of the repo path> and <repo>/.pgdata becomes a symlink to it.
# fsync stays on: this cluster may hold real patient data.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${CHIROCLICK_PG_PORT:-55432}"
db="${CHIROCLICK_PG_DB:-chiroclick}"
data="${CHIROCLICK_PG_DATA:-$here/.pgdata}"
cmd="${1:-start}"

log() { printf '%s\n' "$*" >&2; }

pgbin=""
for d in /usr/lib/postgresql/*/bin; do
  [ -x "$d/pg_ctl" ] && pgbin="$d"
done
if [ -z "$pgbin" ] && command -v pg_ctl >/dev/null 2>&1; then pgbin="$(dirname "$(command -v pg_ctl)")"; fi
if [ -z "$pgbin" ]; then
  log "PostgreSQL server binaries (initdb, pg_ctl) were not found."
  log "Install them with:  apt-get update && apt-get install -y postgresql-15"
  log "or point the API at an existing server:  export ConnectionStrings__Marten='Host=...;Database=...;Username=...;Password=...'"
  exit 3
fi

as_pg=()
if [ "$(id -u)" = 0 ]; then
  as_pg=(runuser -u postgres --)
  if ! runuser -u postgres -- test -x "$here" 2>/dev/null || ! runuser -u postgres -- test -w "$(dirname "$data")" 2>/dev/null; then
    if [ -z "${CHIROCLICK_PG_DATA:-}" ]; then
      real="/var/lib/postgresql/chiroclick/$(printf '%s' "$here" | sha256sum | cut -c1-16)"
      mkdir -p "$real"
      chown postgres:postgres /var/lib/postgresql/chiroclick "$real"
      if [ ! -L "$data" ]; then
        [ -e "$data" ] && { log "$data exists but postgres cannot reach it; move it away."; exit 4; }
        ln -s "$real" "$data"
      fi
      data="$real"
    fi
  fi
fi
run_pg() { "${as_pg[@]}" "$@"; }

url="Host=127.0.0.1;Port=$port;Database=$db;Username=postgres;Pooling=true;Maximum Pool Size=50"

case "$cmd" in
  url) printf '%s\n' "$url"; exit 0 ;;
  status) run_pg "$pgbin/pg_ctl" -D "$data" status >&2; exit $? ;;
  stop) run_pg "$pgbin/pg_ctl" -D "$data" -m fast stop >&2 || true; exit 0 ;;
  start) ;;
  *) log "usage: $0 [start|stop|status|url]"; exit 2 ;;
esac

# Another cluster (another checkout's, say) already serving this port: use it rather than fail to bind.
if ! run_pg "$pgbin/pg_ctl" -D "$data" status >/dev/null 2>&1 && "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null; then
  log "A PostgreSQL server already listens on 127.0.0.1:$port (not this checkout's cluster); using it."
  log "Set CHIROCLICK_PG_PORT to start a separate cluster instead."
  if ! run_pg psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
    run_pg psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "create database \"$db\"" >&2
  fi
  printf '%s\n' "$url"
  exit 0
fi

if [ ! -s "$data/PG_VERSION" ]; then
  log "Initialising a PostgreSQL cluster in $data ..."
  mkdir -p "$data"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$data"
  chmod 700 "$data"
  # trust is limited to loopback and the cluster's private socket directory (below).
  run_pg "$pgbin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi

if ! run_pg "$pgbin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  log "Starting PostgreSQL on 127.0.0.1:$port ..."
  run_pg "$pgbin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=200" start >&2 \
    || { log "PostgreSQL did not start; see $data/server.log"; tail -n 20 "$data/server.log" >&2 || true; exit 5; }
fi

if ! run_pg psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
  run_pg psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "create database \"$db\"" >&2
fi
printf '%s\n' "$url"
