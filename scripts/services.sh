#!/usr/bin/env bash
# Makes sure the servers the test suite talks to are up, installing and starting them when they
# are missing (Debian; run as root or with sudo). Prints the environment the tests should use.
#
#   eval "$(scripts/services.sh)"
#
# MariaDB: see ensure_mariadb.
#
# Redmine: uses the one answering at TRIBUTARY_TEST_REDMINE_URL (default http://127.0.0.1:3000) with
# TRIBUTARY_TEST_REDMINE_API_KEY; otherwise installs Redmine from apt if needed and starts it.
#
# PostgreSQL: uses the server on 127.0.0.1:5432 when user "postgres" can log in without a
# password (TRIBUTARY_TEST_PG_URL overrides it). Otherwise it installs PostgreSQL from apt if
# needed and starts a throwaway cluster (trust auth, loopback only) in a temporary directory.
#
# NATS: see ensure_nats.
#
# Radicale: uses the one answering at TRIBUTARY_TEST_DAV_URL (default http://127.0.0.1:5232) for
# TRIBUTARY_TEST_DAV_USER / TRIBUTARY_TEST_DAV_PASSWORD; otherwise starts one (installed from apt).
#
# OpenLDAP: uses the slapd answering at TRIBUTARY_TEST_LDAP_URL (default ldap://127.0.0.1:3389);
# otherwise installs slapd from apt if needed and starts it, then adds ou=people and ou=groups.
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

# MariaDB: uses the server on 127.0.0.1:3306 when root can log in without a password
# (TRIBUTARY_TEST_MARIADB_URL overrides it); otherwise installs mariadb-server from apt and starts it.
mariadb_reachable() { # host port user
  command -v mariadb >/dev/null 2>&1 || return 1
  mariadb --connect-timeout=3 -h "$1" -P "$2" -u "$3" -e 'select 1' >/dev/null 2>&1
}

ensure_mariadb() {
  local url=${TRIBUTARY_TEST_MARIADB_URL:-jdbc:mariadb://127.0.0.1:3306/mysql}
  local user=${TRIBUTARY_TEST_MARIADB_USER:-root}
  local hostport=${url#jdbc:mariadb://}; hostport=${hostport%%/*}
  local host=${hostport%%:*} port=${hostport##*:}
  [ "$port" = "$hostport" ] && port=3306
  if ! mariadb_reachable "$host" "$port" "$user"; then
    if ! command -v mariadbd >/dev/null 2>&1 && ! [ -x /usr/sbin/mariadbd ]; then
      log "installing MariaDB from apt"
      as_root apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq mariadb-server mariadb-client >&2
    fi
    log "starting MariaDB"
    as_root mkdir -p /run/mysqld && as_root chown mysql:mysql /run/mysqld
    as_root sh -c 'nohup /usr/sbin/mariadbd --user=mysql --bind-address=127.0.0.1 > /tmp/tributary-mariadb.log 2>&1 &'
    local waited=0
    until mariadb_reachable "$host" "$port" "$user" || as_root mariadb -u root -e 'select 1' >/dev/null 2>&1; do
      waited=$((waited + 1))
      if [ $waited -gt 60 ]; then log "MariaDB did not start; see /tmp/tributary-mariadb.log"; exit 1; fi
      sleep 1
    done
    # Debian's root logs in through the unix socket only: let it log in over TCP without a password too.
    mariadb_reachable "$host" "$port" "$user" || as_root mariadb -u root \
      -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD(''); FLUSH PRIVILEGES;" >&2
    mariadb_reachable "$host" "$port" "$user" || { log "root cannot log in to MariaDB at $host:$port"; exit 1; }
  fi
  log "MariaDB is up at $url"
  echo "export TRIBUTARY_TEST_MARIADB_URL='$url' TRIBUTARY_TEST_MARIADB_USER='$user'"
}

redmine_ok() { # url key
  curl -fsS -m 5 -H "X-Redmine-API-Key: $2" "$1/users/current.json" >/dev/null 2>&1
}

# Redmine 5 from Debian (sqlite), started with rackup as www-data on 127.0.0.1:3000: the real app
# the Redmine connector is tested against. The admin's API key is printed for the tests.
ensure_redmine() {
  local url=${TRIBUTARY_TEST_REDMINE_URL:-http://127.0.0.1:3000}
  if [ -n "${TRIBUTARY_TEST_REDMINE_API_KEY:-}" ] && redmine_ok "$url" "$TRIBUTARY_TEST_REDMINE_API_KEY"; then
    log "Redmine is up at $url"
    echo "export TRIBUTARY_TEST_REDMINE_URL='$url' TRIBUTARY_TEST_REDMINE_API_KEY='$TRIBUTARY_TEST_REDMINE_API_KEY'"
    return
  fi
  if ! dpkg -s redmine >/dev/null 2>&1 || ! dpkg -s redmine-sqlite >/dev/null 2>&1 || ! dpkg -s ruby-webrick >/dev/null 2>&1; then
    log "installing Redmine from apt (about a minute)"
    printf '%s\n' 'redmine redmine/instances/default/dbconfig-install boolean true' \
      'redmine redmine/instances/default/database-type select sqlite3' | as_root debconf-set-selections
    as_root apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq redmine redmine-sqlite ruby-webrick >&2
  fi
  local home=/usr/share/redmine
  # Debian's Redmine runs under bundler, which finds no web server unless webrick is named.
  grep -qs webrick "$home/Gemfile.local" || echo 'gem "webrick"' | as_root tee -a "$home/Gemfile.local" >/dev/null
  # The REST API on, default trackers/statuses/priorities loaded, the admin usable through the API.
  local key
  key=$(cd "$home" && as_root env RAILS_ENV=production REDMINE_INSTANCE=default bin/rails runner '
    Setting.rest_api_enabled = "1"
    Redmine::DefaultData::Loader.load("en") if Tracker.count == 0
    admin = User.find_by_login("admin")
    admin.update_columns(must_change_passwd: false) if admin.must_change_passwd?
    # One issue custom field, so the connector tests see connection-specific fields.
    IssueCustomField.find_by(name: "Customer reference") ||
      IssueCustomField.create!(name: "Customer reference", field_format: "string", is_for_all: true, trackers: Tracker.all)
    puts admin.api_key' 2>/dev/null | tail -n 1)
  [ -n "$key" ] || { log "could not read the Redmine admin API key"; exit 1; }
  if ! redmine_ok "$url" "$key"; then
    local dir; dir=$(mktemp -d /tmp/tributary-redmine.XXXXXX)
    chmod 777 "$dir"
    log "starting Redmine on $url (log in $dir/log)"
    as_root su -s /bin/sh www-data -c "cd $home && REDMINE_INSTANCE=default nohup rackup -E production -o 127.0.0.1 -p ${url##*:} > $dir/log 2>&1 & echo \$! > $dir/pid"
    local waited=0
    until redmine_ok "$url" "$key"; do
      waited=$((waited + 1))
      if [ $waited -gt 90 ]; then
        log "Redmine did not answer within 90 s; the end of its log:"; tail -n 30 "$dir/log" >&2; exit 1
      fi
      sleep 1
    done
  fi
  log "Redmine is up at $url"
  echo "export TRIBUTARY_TEST_REDMINE_URL='$url' TRIBUTARY_TEST_REDMINE_API_KEY='$key'"
}

# Radicale (CalDAV/CardDAV) from Debian, on 127.0.0.1:5232 with one htpasswd user and its storage
# in a temporary directory: the real server the dav connector is tested against.
radicale_ok() { # url user password
  [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' -u "$2:$3" -X PROPFIND -H 'Depth: 0' "$1/")" = 207 ]
}

ensure_radicale() {
  local url=${TRIBUTARY_TEST_DAV_URL:-http://127.0.0.1:5232}
  local user=${TRIBUTARY_TEST_DAV_USER:-tributary} password=${TRIBUTARY_TEST_DAV_PASSWORD:-tributary-dav-pw}
  if ! radicale_ok "$url" "$user" "$password"; then
    if [ ! -x /usr/bin/radicale ]; then
      log "installing Radicale from apt"
      as_root apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq radicale >&2
    fi
    local dir; dir=$(mktemp -d /tmp/tributary-radicale.XXXXXX)
    local hostport=${url#http://}; hostport=${hostport%%/*}
    mkdir -p "$dir/collections"
    printf '%s:%s\n' "$user" "$password" > "$dir/users"
    printf '%s\n' '[server]' "hosts = $hostport" '[auth]' 'type = htpasswd' "htpasswd_filename = $dir/users" \
      'htpasswd_encryption = plain' '[storage]' "filesystem_folder = $dir/collections" '[rights]' 'type = owner_only' \
      > "$dir/config"
    log "starting Radicale on $url (log in $dir/log)"
    # Debian's python3 on purpose: "python3 -m radicale" fails where python3 is another interpreter.
    nohup /usr/bin/radicale --config "$dir/config" > "$dir/log" 2>&1 &
    echo $! > "$dir/pid"
    local waited=0
    until radicale_ok "$url" "$user" "$password"; do
      waited=$((waited + 1))
      if [ $waited -gt 30 ]; then
        log "Radicale did not answer within 30 s; the end of its log:"; tail -n 30 "$dir/log" >&2; exit 1
      fi
      sleep 1
    done
  fi
  log "Radicale is up at $url"
  echo "export TRIBUTARY_TEST_DAV_URL='$url' TRIBUTARY_TEST_DAV_USER='$user' TRIBUTARY_TEST_DAV_PASSWORD='$password'"
}

# NATS with JetStream: uses the server at TRIBUTARY_TEST_NATS_URL (default nats://127.0.0.1:4222)
# when its port answers; otherwise installs nats-server from apt if needed and starts one with
# JetStream in a temporary directory. The tests publish events to it and consume them back.
nats_ok() { # host port
  timeout 5 bash -c "</dev/tcp/$1/$2" 2>/dev/null || timeout 5 bash -c "</dev/tcp/$1/$2" 2>/dev/null
}

ensure_nats() {
  local url=${TRIBUTARY_TEST_NATS_URL:-nats://127.0.0.1:4222}
  local hostport=${url#nats://}; local host=${hostport%%:*} port=${hostport##*:}
  if ! nats_ok "$host" "$port"; then
    if ! command -v nats-server >/dev/null 2>&1; then
      log "installing nats-server from apt"
      as_root apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nats-server >&2
    fi
    local dir; dir=$(mktemp -d /tmp/tributary-nats.XXXXXX)
    log "starting NATS with JetStream on $url (log in $dir/log)"
    nohup nats-server -a "$host" -p "$port" -js -sd "$dir/store" > "$dir/log" 2>&1 &
    echo $! > "$dir/pid"
    local waited=0
    until nats_ok "$host" "$port"; do
      waited=$((waited + 1))
      if [ $waited -gt 30 ]; then
        log "NATS did not answer within 30 s; the end of its log:"; tail -n 30 "$dir/log" >&2; exit 1
      fi
      sleep 1
    done
  fi
  log "NATS is up at $url"
  echo "export TRIBUTARY_TEST_NATS_URL='$url'"
}

# Debian's Chromium and ChromeDriver, for the browser tests of the embedded UI.
ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    log "Chromium is installed"
  else
    log "installing Chromium and ChromeDriver from apt"
    as_root apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver >&2
  fi
  echo "export TRIBUTARY_TEST_CHROMIUM=/usr/bin/chromium TRIBUTARY_TEST_CHROMEDRIVER=/usr/bin/chromedriver"
}

# wrk drives the API benchmark's smoke run (tributary-bench); a tool, not a server.
ensure_wrk() {
  if command -v wrk >/dev/null 2>&1; then
    log "wrk is installed"
  else
    log "installing wrk from apt"
    as_root apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq wrk >&2
  fi
}

slapd_ok() { # url bind-dn password base-dn
  command -v ldapsearch >/dev/null 2>&1 &&
    ldapsearch -x -LLL -o nettimeout=3 -H "$1" -D "$2" -w "$3" -b "$4" -s base dn >/dev/null 2>&1
}

# OpenLDAP slapd from Debian (domain example.org), started on 127.0.0.1:3389 with ou=people and
# ou=groups: the directory the LDAP connector is tested against.
ensure_slapd() {
  local url=${TRIBUTARY_TEST_LDAP_URL:-ldap://127.0.0.1:3389}
  local bind=${TRIBUTARY_TEST_LDAP_BIND_DN:-cn=admin,dc=example,dc=org}
  local password=${TRIBUTARY_TEST_LDAP_PASSWORD:-adminpw}
  local base=${TRIBUTARY_TEST_LDAP_BASE_DN:-dc=example,dc=org}
  if ! slapd_ok "$url" "$bind" "$password" "$base"; then
    if [ ! -x /usr/sbin/slapd ] || ! command -v ldapadd >/dev/null 2>&1; then
      log "installing OpenLDAP slapd from apt"
      printf '%s\n' 'slapd slapd/domain string example.org' 'slapd shared/organization string Example' \
        "slapd slapd/password1 password $password" "slapd slapd/password2 password $password" \
        'slapd slapd/no_configuration boolean false' | as_root debconf-set-selections
      as_root apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq slapd ldap-utils >&2
    fi
    as_root mkdir -p /var/run/slapd
    as_root chown openldap:openldap /var/run/slapd
    log "starting slapd on $url"
    as_root /usr/sbin/slapd -h "$url/" -u openldap -g openldap -F /etc/ldap/slapd.d # daemonizes
    local waited=0
    until slapd_ok "$url" "$bind" "$password" "$base"; do
      waited=$((waited + 1))
      [ $waited -le 30 ] || { log "slapd did not answer at $url within 30 s"; exit 1; }
      sleep 1
    done
  fi
  local ou
  for ou in people groups; do
    if ! ldapsearch -x -LLL -H "$url" -D "$bind" -w "$password" -b "ou=$ou,$base" -s base dn >/dev/null 2>&1; then
      printf 'dn: ou=%s,%s\nobjectClass: organizationalUnit\nou: %s\n' "$ou" "$base" "$ou" |
        ldapadd -x -H "$url" -D "$bind" -w "$password" >/dev/null
    fi
  done
  log "slapd is up at $url"
  echo "export TRIBUTARY_TEST_LDAP_URL='$url' TRIBUTARY_TEST_LDAP_BIND_DN='$bind' TRIBUTARY_TEST_LDAP_PASSWORD='$password' TRIBUTARY_TEST_LDAP_BASE_DN='$base'"
}

ensure_postgresql
ensure_mariadb
ensure_redmine
ensure_chromium
ensure_radicale
ensure_nats
ensure_slapd
ensure_wrk
