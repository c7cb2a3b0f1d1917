#!/usr/bin/env bash
# Makes sure the servers the test suite talks to are up, installing and starting them when they
# are missing (Debian; run as root or with sudo). Prints the environment the tests should use.
#
#   eval "$(scripts/services.sh)"
#
# PostgreSQL: uses the server on 127.0.0.1:5432 when user "postgres" can log in without a
# password (TRIBUTARY_TEST_PG_URL overrides it). Otherwise it installs PostgreSQL from apt if
# needed and starts a throwaway cluster (trust auth, loopback only) in a temporary directory.
set -euo pipefail

log() { echo "services: $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

pg_reachable() { # url user
  command -v psql >/dev/null 2>&1 || return 1
  local hostport=${1#jdbc:postgresql://}; hostport=${hostport%%/*}
  local host=${hostport%%:*} port=${hostport##*:}
  [ "$port" = "$hostport" ] && port=5432
  PGCONNECT_TIMEOUT=3 psql -h "$host" -p "$port" -U "$2" -d postgres -Atc 'select 1' >/dev/null 2>&1
}

ensure_postgresql() {
  local url=${TRIBUTARY_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}
  local user=${TRIBUTARY_TEST_PG_USER:-postgres}
  if pg_reachable "$url" "$user"; then
    log "PostgreSQL is up at $url"
    echo "export TRIBUTARY_TEST_PG_URL='$url' TRIBUTARY_TEST_PG_USER='$user'"
    return
  fi
  # A stock cluster that is merely stopped (e.g. after a reboot) is started as it is.
  if ls /etc/postgresql/*/main >/dev/null 2>&1; then
    local version; version=$(ls /etc/postgresql | sort -V | tail -n 1)
    log "starting the PostgreSQL $version cluster"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
    if pg_reachable "$url" "$user"; then
      echo "export TRIBUTARY_TEST_PG_URL='$url' TRIBUTARY_TEST_PG_USER='$user'"
      return
    fi
  fi
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    log "installing PostgreSQL from apt"
    as_root apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql postgresql-client >&2
  fi
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  local dir; dir=$(mktemp -d /tmp/tributary-pg.XXXXXX)
  local port=55432
  as_root chown postgres:postgres "$dir"
  log "starting a throwaway PostgreSQL cluster in $dir on port $port"
  as_root su postgres -s /bin/sh -c "$bin/initdb -D $dir/data -A trust -U postgres >/dev/null"
  as_root su postgres -s /bin/sh -c "$bin/pg_ctl -D $dir/data -o '-p $port -k $dir -c listen_addresses=127.0.0.1' -l $dir/log -w start >/dev/null"
  url="jdbc:postgresql://127.0.0.1:$port/postgres"
  pg_reachable "$url" postgres || { log "PostgreSQL did not start; see $dir/log"; exit 1; }
  echo "export TRIBUTARY_TEST_PG_URL='$url' TRIBUTARY_TEST_PG_USER='postgres'"
}

ensure_postgresql
