#!/usr/bin/env bash
# Runs the test suite against real services: installs what is missing, runs the scripts' own
# tests (temporal-dev/tests/*.sh: no service, a few seconds; a failure stops the run there),
# starts MariaDB and Temporal, builds the worker of the commit before dialing lanes for the
# upgrade test (temporal-dev/old-worker.sh, cached), then runs `mvn -B verify` from the project
# root. Exits with Maven's exit code.
# Usage: temporal-dev/test.sh [--stop-after] [maven args...]
#   e.g. temporal-dev/test.sh -pl store -am      temporal-dev/test.sh -Dit.test=CampaignIT
#   --stop-after: stop MariaDB and Temporal at the end, pass or fail; only those this run
#                 started (a server that was already running is left as it was).
# Without --stop-after the services keep running, ready for the next run.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEV=$ROOT/temporal-dev
stop_after=0
mvn_args=()
for arg in "$@"; do
  if [ "$arg" = --stop-after ]; then
    stop_after=1
  else
    mvn_args+=("$arg")
  fi
done

started=()
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  local i
  for ((i = ${#started[@]} - 1; i >= 0; i--)); do
    bash "$DEV/${started[i]}.sh" stop || warn "could not stop ${started[i]}"
  done
}
mvn_pid=
# shellcheck disable=SC2317 # run by the INT and TERM traps
on_signal() {
  [ -n "$mvn_pid" ] && kill -TERM "$mvn_pid" 2>/dev/null
  exit "$1"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
((stop_after)) && trap cleanup EXIT

bash "$DEV/install.sh"
# First, as they are quick and need no service (python3 for their fake servers comes with install.sh).
for t in "$DEV"/tests/*.sh; do
  log "${t#"$ROOT"/}"
  bash "$t" || {
    log "tests FAILED (${t#"$ROOT"/})"
    exit 1
  }
done
for svc in mariadb temporal; do
  # Recorded before starting, so that a half-started service is stopped too.
  is_running "$svc" || started+=("$svc")
  bash "$DEV/$svc.sh" start
done
if is_running worker; then
  warn "the stack's worker is running (temporal-dev/stack.sh); it polls the same Temporal server as the tests"
fi

# The worker from before dialing lanes, for e2e UpgradeIT (built once, then cached in $DATA).
old_worker=$(bash "$DEV/old-worker.sh")
mvn_args+=("-Doutdial.upgrade.from=$old_worker")

log "mvn -B verify ${mvn_args[*]}"
rc=0
# In the background with `wait`, so that a signal is handled at once (bash runs traps only when
# a foreground command has finished) and is passed on to Maven.
(cd "$ROOT" && exec mvn -B verify "${mvn_args[@]}") &
mvn_pid=$!
wait "$mvn_pid" || rc=$?
mvn_pid=
if ((rc == 0)); then
  log "tests passed"
else
  log "tests FAILED (mvn exit code $rc)"
fi
exit "$rc"
