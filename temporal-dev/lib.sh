# shellcheck shell=bash disable=SC2034 # the variables are used by the scripts sourcing this
# Shared settings and helpers for the local-stack scripts. Not run directly:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Paths:  ROOT (project root), DATA (${OUTDIAL_DATA:-$ROOT/.data}), LOG_DIR ($DATA/logs),
#         RUN_DIR ($DATA/run, pid files and the MariaDB socket),
#         CACHE (${OUTDIAL_CACHE:-$HOME/.cache/outdial}; binaries kept across fresh clones).
# Every service setting below is exported with a default and can be overridden from the
# environment; the Java processes read the same variables.
# OUTDIAL_PBX (read by the scripts only) says which PBX the stack dials through at
# AMI_HOST:AMI_PORT (pbx_choice below):
#   auto      (default) the Asterisk that answers there, if one does and it is not this stack's
#             simulator; otherwise, on this machine, the PBX simulator (started by stack.sh).
#             An AMI_HOST that is not this machine is used as it is, unchecked.
#   asterisk  a real Asterisk: the simulator is never started, and the scripts stop with an error
#             unless an Asterisk manager interface answers there.
#   sim       the PBX simulator, always (AMI_HOST must be this machine, the port free or its own).

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
: "${OUTDIAL_WORKER_ADMIN_PORT:=8082}"
: "${OUTDIAL_API_TOKEN:=dev-token-change-me}"
: "${OUTDIAL_PBX:=auto}"
export OUTDIAL_DB_HOST OUTDIAL_DB_PORT OUTDIAL_DB_NAME OUTDIAL_DB_USER OUTDIAL_DB_PASSWORD \
  TEMPORAL_ADDRESS TEMPORAL_NAMESPACE TEMPORAL_UI_PORT \
  AMI_HOST AMI_PORT AMI_USERNAME AMI_SECRET \
  OUTDIAL_API_PORT OUTDIAL_ADMIN_PORT OUTDIAL_WORKER_ADMIN_PORT OUTDIAL_API_TOKEN OUTDIAL_PBX

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

# True when process $1 listens on TCP port $2 (any address, IPv4 or IPv6): one of its file
# descriptors is a listening socket of /proc/net/tcp{,6} (state 0A) on that port.
pid_listens_on() {
  local pid=$1 hex st local_address inode fd link
  local -A listening=()
  printf -v hex '%04X' "$2"
  # Fields: sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
  while read -r _ local_address _ st _ _ _ _ _ inode _; do
    [ "$st" = 0A ] && [ "${local_address##*:}" = "$hex" ] && listening[$inode]=1
  done < <(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null)
  ((${#listening[@]})) || return 1
  for fd in /proc/"$pid"/fd/*; do
    link=$(readlink "$fd" 2>/dev/null) || continue
    [[ $link =~ ^socket:\[([0-9]+)\]$ ]] && [ -n "${listening[${BASH_REMATCH[1]}]:-}" ] && return 0
  done
  return 1
}

# True when this stack's PBX simulator (its pid file, a live process) is what listens on
# AMI_PORT. The simulator greets like Asterisk (Asterisk Call Manager/11.0.0, as the Asterisk
# 22.10.1 it was recorded from), so only its pid tells it apart from a real one.
pbxsim_serves_ami() {
  local pid
  is_local_host "$AMI_HOST" || return 1
  is_running pbx-sim || return 1
  pid=$(read_pid pbx-sim) || return 1
  pid_listens_on "$pid" "$AMI_PORT"
}

# ami_banner host port: prints the first line host:port sends within 2 s, without its CR, as a
# manager interface greets a new connection (Asterisk Call Manager/<version>). Exit status 1:
# nothing accepts connections there (refused, or no answer within 5 s); 2: something accepts
# but sends no line.
ami_banner() {
  local line rc=0
  # shellcheck disable=SC2016 # expanded by the inner shell
  line=$(timeout 5 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    line=
    IFS= read -r -t 2 line <&3 || [ -n "$line" ] || exit 2
    printf "%s\n" "$line"' "$1" "$2" 2>/dev/null) || rc=$?
  case $rc in
  0) ;;
  2) return 2 ;;
  *) return 1 ;;
  esac
  printf '%s\n' "${line%$'\r'}"
}

is_ami_banner() { [[ $1 == "Asterisk Call Manager/"* ]]; }

# pbx_choice: which PBX the stack dials through, from OUTDIAL_PBX and what answers on
# AMI_HOST:AMI_PORT (see OUTDIAL_PBX above). Prints "sim" (this stack's PBX simulator, running
# or to be started) or "asterisk" (an Asterisk manager interface that is not the simulator, or a
# remote AMI_HOST in auto mode); when neither will do, prints why on stderr and fails. Starts and
# stops nothing: at most it opens a connection to read the banner and closes it.
pbx_choice() {
  local mode=$OUTDIAL_PBX at=$AMI_HOST:$AMI_PORT banner rc=0
  case $mode in
  auto | asterisk | sim) ;;
  *)
    printf '[outdial] ERROR: OUTDIAL_PBX must be auto, asterisk or sim, not '\''%s'\''\n' "$mode" >&2
    return 1
    ;;
  esac
  if ! is_local_host "$AMI_HOST"; then
    case $mode in
    auto)
      # As before OUTDIAL_PBX: a remote Asterisk is used as configured; the worker waits for it.
      echo asterisk
      return 0
      ;;
    sim)
      printf '[outdial] ERROR: OUTDIAL_PBX=sim runs the PBX simulator on this machine, but AMI_HOST=%s is not this machine. Set AMI_HOST=127.0.0.1, or OUTDIAL_PBX=asterisk to dial through the Asterisk at %s.\n' "$AMI_HOST" "$at" >&2
      return 1
      ;;
    esac
  elif pbxsim_serves_ami; then
    if [ "$mode" = asterisk ]; then
      printf '[outdial] ERROR: OUTDIAL_PBX=asterisk, but what listens on %s is this stack'\''s PBX simulator (pid %s), not an Asterisk. Stop it (kill %s), or set AMI_PORT to the port of your Asterisk.\n' "$at" "$(read_pid pbx-sim)" "$(read_pid pbx-sim)" >&2
      return 1
    fi
    echo sim
    return 0
  fi
  banner=$(ami_banner "$AMI_HOST" "$AMI_PORT") || rc=$?
  if ((rc == 1)); then
    if [ "$mode" = asterisk ]; then
      printf '[outdial] ERROR: OUTDIAL_PBX=asterisk, but nothing accepts connections on %s (refused, or no answer within 5 s). Start Asterisk there, or check AMI_HOST and AMI_PORT against manager.conf (enabled = yes, bindaddr, port; see docs/deploy.md).\n' "$at" >&2
      return 1
    fi
    echo sim
    return 0
  fi
  if ((rc == 0)) && is_ami_banner "$banner"; then
    if [ "$mode" = sim ]; then
      printf '[outdial] ERROR: OUTDIAL_PBX=sim, but %s is already taken by an Asterisk manager interface that is not this stack'\''s simulator (it greets with '\''%s'\''). Use it with OUTDIAL_PBX=asterisk (or auto), or give the simulator another AMI_PORT.\n' "$at" "$banner" >&2
      return 1
    fi
    echo asterisk
    return 0
  fi
  if ((rc == 2)); then
    banner="it accepts connections but sends no line within 2 s"
  else
    banner="its first line is '${banner:0:80}', not Asterisk Call Manager/<version>"
  fi
  printf '[outdial] ERROR: %s is taken by something that is not an Asterisk manager interface: %s. Stop that process, or choose another AMI_PORT (OUTDIAL_PBX=%s).\n' "$at" "${banner//[^[:print:]]/?}" "$mode" >&2
  return 1
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
