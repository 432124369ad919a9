#!/usr/bin/env bash
# The whole local stack: MariaDB, Temporal (dev server + Web UI), the PBX simulator (unless a real
# Asterisk is used: OUTDIAL_PBX in lib.sh), the worker and the api-server, each in the background
# with its log in $DATA/logs/<service>.log.
# Usage: temporal-dev/stack.sh <command>
#   up [--no-demo]    install what is missing, start MariaDB and Temporal, build the project
#                     (mvn -B -q -DskipTests install; skipped with OUTDIAL_SKIP_BUILD=1), (re)start
#                     pbx-sim (not with a real Asterisk), worker and api-server, run the demo
#                     campaign, print the URLs
#   down              stop everything, in reverse order
#   status            one line per service and the PBX used; exit 0 when all run, 3 otherwise
#   restart <svc>     stop and start one service (no build)
#   demo              run temporal-dev/demo.sh against the running stack
#   logs <svc> [-f]   last 200 lines of a service's log (-f: follow)
# Services: mariadb temporal pbx-sim worker api-server (also: logs originates, the simulator's
# record of every Originate). OUTDIAL_JAVA_OPTS: extra JVM options for the three Java services.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEV=$ROOT/temporal-dev
: "${PBXSIM_CONTROL_PORT:=5039}"
JAVA_SERVICES=(pbx-sim worker api-server)
SERVICES=(mariadb temporal "${JAVA_SERVICES[@]}")
read -r -a JAVA_OPTS <<<"${OUTDIAL_JAVA_OPTS:-}"

usage() {
  sed -n '5,16s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
  exit 2
}

canonical_service() {
  case ${1:-} in
  api) echo api-server ;;
  mariadb | temporal | pbx-sim | worker | api-server) echo "$1" ;;
  *) die "unknown service '${1:-}'; one of: ${SERVICES[*]}" ;;
  esac
}

# The PBX a pbx_choice answer names, for the log and status: "PBX simulator at 127.0.0.1:<port>"
# or "Asterisk at <host>:<port>" with the banner it greets with now.
pbx_description() {
  local banner
  if [ "$1" = sim ]; then
    printf 'PBX simulator at 127.0.0.1:%s\n' "$AMI_PORT"
  elif banner=$(ami_banner "$AMI_HOST" "$AMI_PORT"); then
    printf 'Asterisk at %s:%s (%s)\n' "$AMI_HOST" "$AMI_PORT" "${banner//[^[:print:]]/?}"
  else
    printf 'Asterisk at %s:%s (not answering now; the worker keeps trying)\n' "$AMI_HOST" "$AMI_PORT"
  fi
}

start_java() {
  local svc=$1 module main cpfile args=() env=()
  case $svc in
  pbx-sim)
    local pbx
    pbx=$(pbx_choice) || exit 1
    if [ "$pbx" = asterisk ]; then
      is_running pbx-sim &&
        warn "the PBX simulator started earlier still runs (pid $(read_pid pbx-sim)) but does not serve $AMI_HOST:$AMI_PORT; temporal-dev/stack.sh down stops it"
      log "OUTDIAL_PBX=$OUTDIAL_PBX: dialing through $(pbx_description asterisk), not starting the PBX simulator"
      return 0
    fi
    module=pbx-sim main=io.outdial.pbxsim.PbxSimulatorMain
    # The simulator accepts the login the worker is configured with.
    env=(PBXSIM_PORT="$AMI_PORT" PBXSIM_ORIGINATE_LOG="$LOG_DIR/originates.log"
      PBXSIM_CONTROL_PORT="$PBXSIM_CONTROL_PORT" PBXSIM_USERNAME="$AMI_USERNAME"
      PBXSIM_SECRET="$AMI_SECRET")
    ;;
  worker) module=worker main=io.outdial.worker.WorkerMain ;;
  api-server)
    module=api-server main=io.outdial.api.ApiServerApplication
    args=(server "$ROOT/api-server/config.yml")
    ;;
  esac
  if is_running "$svc"; then
    log "$svc already running (pid $(read_pid "$svc"))"
    return 0
  fi
  cpfile=$ROOT/$module/target/classpath.txt
  if [ ! -f "$cpfile" ] || [ ! -d "$ROOT/$module/target/classes" ]; then
    die "$module is not built ($cpfile or target/classes missing). Build with: mvn -B -DskipTests install (the module's pom writes classpath.txt with maven-dependency-plugin build-classpath)"
  fi
  case $svc in
  pbx-sim)
    require_free_port 127.0.0.1 "$AMI_PORT" pbx-sim
    require_free_port 127.0.0.1 "$PBXSIM_CONTROL_PORT" pbx-sim
    ;;
  worker)
    [ "$OUTDIAL_WORKER_ADMIN_PORT" = off ] ||
      require_free_port 127.0.0.1 "$OUTDIAL_WORKER_ADMIN_PORT" worker
    ;;
  api-server)
    require_free_port 127.0.0.1 "$OUTDIAL_API_PORT" api-server
    require_free_port 127.0.0.1 "$OUTDIAL_ADMIN_PORT" api-server
    ;;
  esac
  mkdir -p "$LOG_DIR"
  (
    # Exported in a subshell rather than given to env(1), so that the secret is not in any argv.
    if ((${#env[@]})); then export "${env[@]}"; fi
    start_bg "$svc" "$(log_file "$svc")" \
      java "${JAVA_OPTS[@]}" -cp "$(cat "$cpfile"):$ROOT/$module/target/classes" "$main" "${args[@]}"
  )
  case $svc in
  pbx-sim) wait_for_port 127.0.0.1 "$AMI_PORT" 60 pbx-sim ;;
  api-server) wait_for_health ;;
  esac
}

wait_for_health() {
  local url=http://127.0.0.1:$OUTDIAL_ADMIN_PORT/healthcheck deadline=$((SECONDS + 120))
  local logf
  logf=$(log_file api-server)
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if ! is_running api-server || ((SECONDS >= deadline)); then
      show_log_tail "$logf"
      curl -sS "$url" >&2 2>/dev/null || true
      die "api-server is not healthy at $url; see $logf"
    fi
    sleep 1
  done
  log "api-server healthy ($url)"
}

start_service() {
  case $1 in
  mariadb | temporal) bash "$DEV/$1.sh" start ;;
  *) start_java "$1" ;;
  esac
}

stop_service() {
  case $1 in
  mariadb | temporal) bash "$DEV/$1.sh" stop ;;
  *) stop_bg "$1" 30 ;;
  esac
}

build() {
  if [ "${OUTDIAL_SKIP_BUILD:-0}" = 1 ]; then
    log "OUTDIAL_SKIP_BUILD=1: not building"
    return 0
  fi
  # A build rewrites target/classes under running JVMs: stop them first, start them after.
  local svc
  for svc in "${JAVA_SERVICES[@]}"; do
    is_running "$svc" && stop_bg "$svc" 30
  done
  log "building the project (mvn -B -q -DskipTests install)"
  (cd "$ROOT" && mvn -B -q -DskipTests install) || die "the build failed (output above)"
}

print_summary() {
  local token_note="export OUTDIAL_API_TOKEN=dev-token-change-me (the default)"
  local pbx pbx_line="none (temporal-dev/stack.sh status says why)"
  [ "$OUTDIAL_API_TOKEN" != dev-token-change-me ] && token_note="OUTDIAL_API_TOKEN (set in your environment)"
  pbx=$(pbx_choice 2>/dev/null) && pbx_line=$(pbx_description "$pbx")
  cat <<EOF

The stack is up.
  REST API         http://127.0.0.1:$OUTDIAL_API_PORT/v1
                   header: Authorization: Bearer \$OUTDIAL_API_TOKEN   token: $token_note
                   e.g. curl -H "Authorization: Bearer \$OUTDIAL_API_TOKEN" http://127.0.0.1:$OUTDIAL_API_PORT/v1/campaigns
  Console          http://127.0.0.1:$OUTDIAL_API_PORT/console/  (sign in with an operator's token, or the API token; docs/console.md)
  Admin            http://127.0.0.1:$OUTDIAL_ADMIN_PORT  (healthcheck, metrics; Prometheus: /prometheus)
  Worker health    http://127.0.0.1:$OUTDIAL_WORKER_ADMIN_PORT/healthcheck  (AMI per PBX, Temporal, MariaDB)
  Worker metrics   http://127.0.0.1:$OUTDIAL_WORKER_ADMIN_PORT/metrics  (Prometheus; dashboard in docs/grafana)
  Temporal Web UI  http://$TEMPORAL_HOST:$TEMPORAL_UI_PORT
  PBX (AMI)        $pbx_line
  MariaDB          $OUTDIAL_DB_HOST:$OUTDIAL_DB_PORT, database $OUTDIAL_DB_NAME, user $OUTDIAL_DB_USER
  Logs             $LOG_DIR/<service>.log   (temporal-dev/stack.sh logs <service> [-f])
  Status / stop    temporal-dev/stack.sh status / temporal-dev/stack.sh down
EOF
}

up() {
  local demo=1
  case ${1:-} in
  "") ;;
  --no-demo) demo=0 ;;
  *) usage ;;
  esac
  # Before anything is installed or started: a configured Asterisk that does not answer stops here.
  pbx_choice >/dev/null || exit 1
  bash "$DEV/install.sh"
  bash "$DEV/mariadb.sh" start
  bash "$DEV/temporal.sh" start
  build
  local svc
  for svc in "${JAVA_SERVICES[@]}"; do
    start_java "$svc"
  done
  is_running worker || {
    show_log_tail "$(log_file worker)"
    die "the worker exited; see $(log_file worker)"
  }
  if ((demo)); then
    bash "$DEV/demo.sh" || {
      print_summary
      die "the demo failed (above); the services are still running, their logs are in $LOG_DIR"
    }
  fi
  print_summary
}

down() {
  local i
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
    stop_service "${SERVICES[i]}"
  done
}

status() {
  local rc=0
  bash "$DEV/mariadb.sh" status || rc=3
  bash "$DEV/temporal.sh" status || rc=3
  local pbx
  if pbx=$(pbx_choice 2>&1); then
    if [ "$pbx" = sim ]; then
      status_line pbx-sim "ami $AMI_PORT, control $PBXSIM_CONTROL_PORT"
      is_running pbx-sim || rc=3
    else
      printf '%-11s not used %-11s %s\n' pbx-sim "" "(OUTDIAL_PBX=$OUTDIAL_PBX)"
    fi
    printf '%-11s %s\n' pbx "$(pbx_description "$pbx")"
  else
    printf '%-11s none: %s\n' pbx "${pbx#"[outdial] ERROR: "}"
    rc=3
  fi
  status_line worker "admin $OUTDIAL_WORKER_ADMIN_PORT"
  is_running worker || rc=3
  status_line api-server "api $OUTDIAL_API_PORT, admin $OUTDIAL_ADMIN_PORT"
  is_running api-server || rc=3
  return "$rc"
}

logs() {
  local name=${1:-} follow=${2:-} file
  [ "$name" = originates ] || name=$(canonical_service "$name")
  file=$(log_file "$name")
  [ -f "$file" ] || die "no log yet at $file"
  if [ "$follow" = -f ]; then
    exec tail -n 200 -F "$file"
  fi
  tail -n 200 "$file"
}

case ${1:-} in
up) up "${@:2}" ;;
down) down ;;
status) status ;;
restart)
  svc=$(canonical_service "${2:-}")
  stop_service "$svc"
  start_service "$svc"
  ;;
demo) bash "$DEV/demo.sh" ;;
logs) logs "${@:2}" ;;
*) usage ;;
esac
