#!/usr/bin/env bash
# Runs MariaDB from Debian's packages without systemd: datadir $DATA/mariadb, socket
# $DATA/run/mysqld.sock, TCP on 127.0.0.1:$OUTDIAL_DB_PORT, log $DATA/logs/mariadb.log.
# Usage: temporal-dev/mariadb.sh start|stop|status
#
# start creates (idempotently) the databases $OUTDIAL_DB_NAME and ${OUTDIAL_DB_NAME}_test
# (utf8mb4) and the user $OUTDIAL_DB_USER@127.0.0.1 and @localhost with $OUTDIAL_DB_PASSWORD.
# The user gets ALL on the database-name pattern `${OUTDIAL_DB_NAME}%`.*: that covers both
# databases and lets tests create and drop throwaway databases named outdial_it_* without any
# global privilege. Root logs in through the socket only (unix_socket authentication).
# When a server that this script did not start already listens on the port, it is reused if
# the user can log in, and never stopped by this script.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MDB_DIR=$DATA/mariadb
SOCK=$RUN_DIR/mysqld.sock
LOGF=$(log_file mariadb)
INIT_MARKER=$MDB_DIR/.outdial-initialised
# mariadb-install-db gives this OS account a socket-authenticated MariaDB account of its name.
ADMIN_USER=$(id -un)

# Logs in as the application user over TCP; the password travels in the environment, never in
# argv (visible to every user) or on the terminal.
user_sql() {
  MYSQL_PWD=$OUTDIAL_DB_PASSWORD mariadb --no-defaults --protocol=TCP --host="$OUTDIAL_DB_HOST" \
    --port="$OUTDIAL_DB_PORT" --user="$OUTDIAL_DB_USER" --batch "$@"
}

user_can_login() {
  user_sql "$OUTDIAL_DB_NAME" -e 'SELECT 1' >/dev/null 2>&1
}

sql_string() {
  local s=${1//\\/\\\\}
  printf "'%s'" "${s//\'/\'\'}"
}

sql_ident() {
  # shellcheck disable=SC2016 # literal backquotes
  printf '`%s`' "${1//\`/\`\`}"
}

init_datadir() {
  [ -f "$INIT_MARKER" ] && return 0
  if [ -d "$MDB_DIR" ]; then
    warn "$MDB_DIR exists but its initialisation never finished; recreating it"
    rm -rf "$MDB_DIR"
  fi
  mkdir -p "$MDB_DIR" "$RUN_DIR" "$LOG_DIR"
  local as_user=()
  ((EUID == 0)) && as_user=(--user=root)
  log "initialising the MariaDB datadir $MDB_DIR"
  if ! mariadb-install-db --no-defaults "${as_user[@]}" --datadir="$MDB_DIR" \
    --auth-root-authentication-method=socket --auth-root-socket-user="$ADMIN_USER" \
    --skip-test-db >>"$LOGF" 2>&1; then
    show_log_tail "$LOGF"
    die "mariadb-install-db failed; see $LOGF"
  fi
  touch "$INIT_MARKER"
}

provision() {
  local user pw db test_db pattern host sql
  user=$(sql_string "$OUTDIAL_DB_USER")
  pw=$(sql_string "$OUTDIAL_DB_PASSWORD")
  db=$(sql_ident "$OUTDIAL_DB_NAME")
  test_db=$(sql_ident "${OUTDIAL_DB_NAME}_test")
  pattern=$(sql_ident "${OUTDIAL_DB_NAME}%")
  sql="CREATE DATABASE IF NOT EXISTS $db CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS $test_db CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
  for host in "'127.0.0.1'" "'localhost'"; do
    sql+="
CREATE USER IF NOT EXISTS $user@$host IDENTIFIED BY $pw;
ALTER USER $user@$host IDENTIFIED BY $pw;
GRANT ALL PRIVILEGES ON $pattern.* TO $user@$host;"
  done
  # Through stdin: the statements contain the password.
  mariadb --no-defaults --socket="$SOCK" --user="$ADMIN_USER" --batch <<<"$sql" || die "could not create the database and user; see $LOGF"
}

start_server() {
  init_datadir
  ((${#SOCK} < 108)) || die "socket path $SOCK is too long for a Unix socket; set OUTDIAL_DATA to a shorter directory"
  rm -f "$SOCK" "$SOCK.lock"
  local as_user=()
  ((EUID == 0)) && as_user=(--user=root)
  # --no-defaults: /etc/mysql/my.cnf belongs to the system server (its socket, datadir and
  # port); this one is configured entirely here. skip-name-resolve: no DNS lookups per login.
  # flush-log-at-trx-commit=2: a development server, where test speed beats surviving a power cut.
  # A buffer pool and redo log that hold a million-entry import (the defaults are 128 MB and
  # 96 MB, and an import is one transaction); OUTDIAL_DB_BUFFER_POOL overrides the pool.
  start_bg mariadb "$LOGF" mariadbd --no-defaults "${as_user[@]}" \
    --datadir="$MDB_DIR" --socket="$SOCK" --port="$OUTDIAL_DB_PORT" --bind-address=127.0.0.1 \
    --pid-file="$(pid_file mariadb)" --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-flush-log-at-trx-commit=2 \
    --innodb-buffer-pool-size="${OUTDIAL_DB_BUFFER_POOL:-1G}" --innodb-log-file-size=512M
  wait_for_port 127.0.0.1 "$OUTDIAL_DB_PORT" 60 mariadb
}

start() {
  if is_running mariadb; then
    log "MariaDB already running (pid $(read_pid mariadb))"
  elif ! is_local_host "$OUTDIAL_DB_HOST" || port_open "$OUTDIAL_DB_HOST" "$OUTDIAL_DB_PORT"; then
    if ! is_local_host "$OUTDIAL_DB_HOST" && ! user_can_login; then
      die "OUTDIAL_DB_HOST=$OUTDIAL_DB_HOST is not this machine, so no server is started, and user $OUTDIAL_DB_USER cannot log in to database $OUTDIAL_DB_NAME at $OUTDIAL_DB_HOST:$OUTDIAL_DB_PORT."
    fi
    if ! user_can_login; then
      die "a server this script did not start listens on $OUTDIAL_DB_HOST:$OUTDIAL_DB_PORT, and user $OUTDIAL_DB_USER cannot log in to database $OUTDIAL_DB_NAME there. Stop that server (a system MariaDB: service mariadb stop), or create that user and database in it, or choose another port with OUTDIAL_DB_PORT."
    fi
    log "reusing the server already listening on $OUTDIAL_DB_HOST:$OUTDIAL_DB_PORT (not started by this script): user $OUTDIAL_DB_USER can log in"
    user_sql -e "CREATE DATABASE IF NOT EXISTS $(sql_ident "${OUTDIAL_DB_NAME}_test") CHARACTER SET utf8mb4" 2>/dev/null ||
      warn "user $OUTDIAL_DB_USER cannot create ${OUTDIAL_DB_NAME}_test on that server; tests that need it will fail"
    return 0
  else
    start_server
  fi
  provision
  user_can_login || die "user $OUTDIAL_DB_USER cannot log in over TCP after provisioning; see $LOGF"
  log "MariaDB ready on $OUTDIAL_DB_HOST:$OUTDIAL_DB_PORT: databases $OUTDIAL_DB_NAME, ${OUTDIAL_DB_NAME}_test; user $OUTDIAL_DB_USER"
}

stop() {
  if ! is_running mariadb; then
    rm -f "$(pid_file mariadb)"
    if port_open "$OUTDIAL_DB_HOST" "$OUTDIAL_DB_PORT"; then
      log "MariaDB on $OUTDIAL_DB_HOST:$OUTDIAL_DB_PORT was not started by this script; leaving it running"
    else
      log "MariaDB is not running"
    fi
    return 0
  fi
  log "shutting down MariaDB (pid $(read_pid mariadb))"
  if mariadb-admin --no-defaults --socket="$SOCK" --user="$ADMIN_USER" shutdown >>"$LOGF" 2>&1; then
    local deadline=$((SECONDS + 60))
    while is_running mariadb && ((SECONDS < deadline)); do
      sleep 0.3
    done
  fi
  # Falls back to TERM (also a clean shutdown for mariadbd), then KILL.
  if is_running mariadb; then
    stop_bg mariadb 30
  else
    rm -f "$(pid_file mariadb)"
    log "stopped MariaDB"
  fi
}

status() {
  if is_running mariadb; then
    status_line mariadb "port $OUTDIAL_DB_PORT"
  elif port_open "$OUTDIAL_DB_HOST" "$OUTDIAL_DB_PORT"; then
    printf '%-11s external %-11s %s\n' mariadb "" "port $OUTDIAL_DB_PORT (not started by this script)"
  else
    status_line mariadb "port $OUTDIAL_DB_PORT"
    return 3
  fi
}

case ${1:-} in
start) start ;;
stop) stop ;;
status) status ;;
*)
  echo "usage: $0 start|stop|status" >&2
  exit 2
  ;;
esac
