#!/usr/bin/env bash
# Runs the Temporal dev server of the temporal CLI: gRPC on $TEMPORAL_ADDRESS, Web UI on port
# $TEMPORAL_UI_PORT, namespace $TEMPORAL_NAMESPACE, state in the SQLite file
# $DATA/temporal/temporal.db (workflows survive a restart), log $DATA/logs/temporal.log.
# Usage: temporal-dev/temporal.sh start|stop|status
#
# The search attributes CampaignId and CampaignStatus (Keyword) are given to start-dev on every
# start; they are stored in the SQLite file and registering them again is a no-op. After start
# they are checked and created if missing (e.g. on a reused server this script did not start).
# Eager activity execution is on: an activity a workflow task schedules on its own task queue
# goes back to that worker with the task's answer, without a poll in between.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SEARCH_ATTRIBUTES=(CampaignId=Keyword CampaignStatus=Keyword)
LOGF=$(log_file temporal)

temporal_cli() {
  "$TEMPORAL_BIN" "$@" --address "$TEMPORAL_ADDRESS" --command-timeout 10s
}

namespace_ready() {
  temporal_cli operator namespace describe -n "$TEMPORAL_NAMESPACE" >/dev/null 2>&1
}

ensure_search_attributes() {
  local sa name type listed
  listed=$(temporal_cli operator search-attribute list -n "$TEMPORAL_NAMESPACE") ||
    die "could not list the search attributes of namespace $TEMPORAL_NAMESPACE"
  for sa in "${SEARCH_ATTRIBUTES[@]}"; do
    name=${sa%=*}
    type=${sa#*=}
    if ! grep -qE "^[[:space:]]*${name}[[:space:]]+${type}[[:space:]]*$" <<<"$listed"; then
      log "registering search attribute $name ($type)"
      temporal_cli operator search-attribute create -n "$TEMPORAL_NAMESPACE" --name "$name" --type "$type" ||
        die "could not register search attribute $name as $type (does it exist with another type?)"
    fi
  done
}

start() {
  [ -x "$TEMPORAL_BIN" ] || die "$TEMPORAL_BIN is missing; run temporal-dev/install.sh"
  if is_running temporal; then
    log "Temporal already running (pid $(read_pid temporal))"
  elif ! is_local_host "$TEMPORAL_HOST" || port_open "$TEMPORAL_HOST" "$TEMPORAL_PORT"; then
    namespace_ready ||
      die "something this script did not start listens on $TEMPORAL_ADDRESS, and namespace $TEMPORAL_NAMESPACE cannot be described there. Stop it or choose another TEMPORAL_ADDRESS."
    log "reusing the Temporal server at $TEMPORAL_ADDRESS (not started by this script)"
    ensure_search_attributes
    return 0
  else
    require_free_port "$TEMPORAL_HOST" "$TEMPORAL_UI_PORT" "the Temporal Web UI"
    mkdir -p "$DATA/temporal"
    local sa_flags=() sa
    for sa in "${SEARCH_ATTRIBUTES[@]}"; do
      sa_flags+=(--search-attribute "$sa")
    done
    start_bg temporal "$LOGF" "$TEMPORAL_BIN" server start-dev \
      --db-filename "$DATA/temporal/temporal.db" --ip "$TEMPORAL_HOST" --port "$TEMPORAL_PORT" \
      --ui-port "$TEMPORAL_UI_PORT" --namespace "$TEMPORAL_NAMESPACE" "${sa_flags[@]}" \
      --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal \
      --dynamic-config-value system.enableActivityEagerExecution=true \
      --log-level warn
  fi
  wait_for_port "$TEMPORAL_HOST" "$TEMPORAL_PORT" 90 temporal
  wait_for_port "$TEMPORAL_HOST" "$TEMPORAL_UI_PORT" 60 temporal
  local deadline=$((SECONDS + 60))
  until namespace_ready; do
    if ! is_running temporal || ((SECONDS >= deadline)); then
      show_log_tail "$LOGF"
      die "namespace $TEMPORAL_NAMESPACE is not available at $TEMPORAL_ADDRESS; see $LOGF"
    fi
    sleep 1
  done
  ensure_search_attributes
  log "Temporal ready: gRPC $TEMPORAL_ADDRESS, namespace $TEMPORAL_NAMESPACE, Web UI http://$TEMPORAL_HOST:$TEMPORAL_UI_PORT"
}

stop() {
  if is_running temporal; then
    stop_bg temporal 30
  elif port_open "$TEMPORAL_HOST" "$TEMPORAL_PORT"; then
    rm -f "$(pid_file temporal)"
    log "Temporal at $TEMPORAL_ADDRESS was not started by this script; leaving it running"
  else
    rm -f "$(pid_file temporal)"
    log "Temporal is not running"
  fi
}

status() {
  local ports="grpc $TEMPORAL_PORT, ui $TEMPORAL_UI_PORT"
  if is_running temporal; then
    status_line temporal "$ports"
  elif port_open "$TEMPORAL_HOST" "$TEMPORAL_PORT"; then
    printf '%-11s external %-11s %s\n' temporal "" "$ports (not started by this script)"
  else
    status_line temporal "$ports"
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
