# shellcheck shell=bash disable=SC2034 # the variables are used by the scripts sourcing this
# Shared settings and helpers for the local-stack scripts. Not run directly:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Paths:  ROOT (project root), DATA (${OUTDIAL_DATA:-$ROOT/.data}), LOG_DIR ($DATA/logs),
#         RUN_DIR ($DATA/run, pid files and the MariaDB socket),
#         CACHE (${OUTDIAL_CACHE:-$HOME/.cache/outdial}; binaries kept across fresh clones).
# Every service setting below is exported with a default and can be overridden from the
# environment; the Java processes read the same variables.

# Command substitutions fail like the commands around them (set -e alone does not reach inside).
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA=${OUTDIAL_DATA:-$ROOT/.data}
LOG_DIR=$DATA/logs
RUN_DIR=$DATA/run
CACHE=${OUTDIAL_CACHE:-$HOME/.cache/outdial}
TEMPORAL_BIN=$CACHE/bin/temporal
# Pinned: later tags of the CLI do not build with `go install`.
TEMPORAL_CLI_VERSION=v1.5.1
export OUTDIAL_DATA=$DATA OUTDIAL_CACHE=$CACHE

: "${OUTDIAL_DB_HOST:=127.0.0.1}"
: "${OUTDIAL_DB_PORT:=3306}"
: "${OUTDIAL_DB_NAME:=outdial}"
: "${OUTDIAL_DB_USER:=outdial}"
: "${OUTDIAL_DB_PASSWORD:=outdial}"
: "${TEMPORAL_ADDRESS:=127.0.0.1:7233}"
: "${TEMPORAL_NAMESPACE:=default}"
: "${TEMPORAL_UI_PORT:=8233}"
: "${AMI_HOST:=127.0.0.1}"
: "${AMI_PORT:=5038}"
: "${AMI_USERNAME:=dialer}"
: "${AMI_SECRET:=s3cret}"
: "${OUTDIAL_API_PORT:=8080}"
: "${OUTDIAL_ADMIN_PORT:=8081}"
: "${OUTDIAL_API_TOKEN:=dev-token-change-me}"
export OUTDIAL_DB_HOST OUTDIAL_DB_PORT OUTDIAL_DB_NAME OUTDIAL_DB_USER OUTDIAL_DB_PASSWORD \
  TEMPORAL_ADDRESS TEMPORAL_NAMESPACE TEMPORAL_UI_PORT \
  AMI_HOST AMI_PORT AMI_USERNAME AMI_SECRET \
  OUTDIAL_API_PORT OUTDIAL_ADMIN_PORT OUTDIAL_API_TOKEN

TEMPORAL_HOST=${TEMPORAL_ADDRESS%:*}
TEMPORAL_PORT=${TEMPORAL_ADDRESS##*:}
# The api-server links campaigns to the Web UI.
: "${TEMPORAL_UI_URL:=http://$TEMPORAL_HOST:$TEMPORAL_UI_PORT}"
export TEMPORAL_UI_URL

log() { printf '[outdial] %s\n' "$*"; }
warn() { printf '[outdial] WARNING: %s\n' "$*" >&2; }
die() {
  printf '[outdial] ERROR: %s\n' "$*" >&2
  exit 1
}

is_local_host() {
  case $1 in
  127.0.0.1 | localhost | ::1) return 0 ;;
  *) return 1 ;;
  esac
}

pid_file() { printf '%s/%s.pid\n' "$RUN_DIR" "$1"; }
log_file() { printf '%s/%s.log\n' "$LOG_DIR" "$1"; }

# Prints the pid recorded for a service; fails when there is none.
read_pid() {
  local file pid
  file=$(pid_file "$1")
  [ -s "$file" ] || return 1
  read -r pid <"$file" || true
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  printf '%s\n' "$pid"
}

# True when the service's recorded pid is a live process. A zombie counts as stopped: nothing
# may reap orphans where PID 1 is not an init system.
is_running() {
  local pid stat state
  pid=$(read_pid "$1") || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  state=${stat##*) }
  state=${state%% *}
  [ "$state" != Z ] && [ "$state" != X ]
}

# True when something accepts TCP connections on host:port.
port_open() {
  # shellcheck disable=SC2016 # expanded by the inner shell
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# Fails with a message when host:port is already taken (by something other than `what`).
require_free_port() {
  local host=$1 port=$2 what=$3
  if port_open "$host" "$port"; then
    printf '[outdial] ERROR: %s:%s is already in use by another process, so %s cannot start there. Stop that process or choose another port (see temporal-dev/lib.sh for the variables).\n' "$host" "$port" "$what" >&2
    return 1
  fi
}

show_log_tail() {
  local file=$1
  [ -f "$file" ] || return 0
  printf '[outdial] last lines of %s:\n' "$file" >&2
  tail -n 30 "$file" | sed 's/^/    /' >&2
}

# wait_for_port host port timeout_s name: waits until host:port accepts connections. Fails
# early when the service's process has died, and names its log file either way.
wait_for_port() {
  local host=$1 port=$2 timeout_s=$3 name=$4 deadline
  local logf
  logf=$(log_file "$name")
  deadline=$((SECONDS + timeout_s))
  until port_open "$host" "$port"; do
    if [ -f "$(pid_file "$name")" ] && ! is_running "$name"; then
      show_log_tail "$logf"
      printf '[outdial] ERROR: %s exited before opening %s:%s; see %s\n' "$name" "$host" "$port" "$logf" >&2
      return 1
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail "$logf"
      printf '[outdial] ERROR: %s did not open %s:%s within %ss; see %s\n' "$name" "$host" "$port" "$timeout_s" "$logf" >&2
      return 1
    fi
    sleep 0.5
  done
}

# start_bg name logfile cmd...: starts cmd in the background, output appended to logfile, pid in
# $RUN_DIR/name.pid. Does nothing when that pid is alive.
start_bg() {
  local name=$1 logfile=$2 pidfile i
  shift 2
  pidfile=$(pid_file "$name")
  if is_running "$name"; then
    log "$name already running (pid $(read_pid "$name"))"
    return 0
  fi
  mkdir -p "$RUN_DIR" "$(dirname "$logfile")"
  rm -f "$pidfile"
  printf '\n===== %s: starting %s =====\n' "$(date '+%F %T')" "$name" >>"$logfile"
  # setsid gives the service its own session, so Ctrl-C or a closed terminal does not kill it.
  # The inner shell records its own pid and then execs the command, so the pid file holds the
  # service's pid even when setsid has to fork.
  # shellcheck disable=SC2016 # expanded by the inner shell
  setsid bash -c 'echo "$$" >"$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null &
  for ((i = 0; i < 100; i++)); do
    [ -s "$pidfile" ] && break
    sleep 0.1
  done
  read_pid "$name" >/dev/null || die "could not start $name; see $logfile"
  log "started $name (pid $(read_pid "$name"), log $logfile)"
}

# stop_bg name [timeout_s]: TERM, then KILL after timeout_s (default 30).
stop_bg() {
  local name=$1 timeout_s=${2:-30} pid deadline
  if ! is_running "$name"; then
    rm -f "$(pid_file "$name")"
    log "$name is not running"
    return 0
  fi
  pid=$(read_pid "$name")
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + timeout_s))
  while is_running "$name" && ((SECONDS < deadline)); do
    sleep 0.3
  done
  if is_running "$name"; then
    warn "$name did not stop within ${timeout_s}s; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
  fi
  rm -f "$(pid_file "$name")"
  log "stopped $name"
}

# One status line: "name  running  pid N  port(s)" or "name  stopped".
status_line() {
  local name=$1 ports=$2
  if is_running "$name"; then
    printf '%-11s running  pid %-7s %s\n' "$name" "$(read_pid "$name")" "$ports"
  else
    printf '%-11s stopped  %-11s %s\n' "$name" "" "$ports"
  fi
}
