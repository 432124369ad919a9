#!/usr/bin/env bash
# Dial bench (issue 12): the bare asterisk-java client and outdial against the same PBX simulator,
# one after the other in one run, and what each costs.
#
# Uses the running MariaDB and Temporal dev server (starts them with temporal-dev/ when they are
# not up, and stops what it started at the end). In a fresh database and on a task queue of its
# own it starts its own simulator (calls answered at once, hung up after --call-ms), worker and
# api-server, then:
#   1. the bare client: the product's Originate in a loop, at most --max-calls calls alive;
#   2. outdial: one campaign of -n entries (one try each, maxConcurrentCalls --max-calls).
# Prints originates/s (steady state: between the 10th and 90th percentile of originates),
# attempts settled/s, peak calls in flight (and as the campaign counted them), hangup-to-campaign
# latency p50/p99 (a call's hangup to the completion of the campaign workflow task that took in
# its end), history events per attempt over every run and child of the campaign, CPU seconds per
# 1,000 attempts of each process, the worker's heap and threads; writes bench/out/dial-bench.json
# and bench/out/dial-bench.png (originates/s and calls in flight over time).
#
# Usage (from anywhere):
#   bench/dial-bench.sh [-n entries] [--max-calls n] [--call-ms ms] [--cps calls/s] [--workers n]
#     [--warmup entries] [--out dir]
#   defaults: -n 3000 --max-calls 1000 --call-ms 2000 --warmup 0 --out bench/out; the long run:
#   -n 20000; --warmup first runs that many bare calls and a campaign of that many entries on the
#   same worker, neither measured (a warm JIT, as in a worker that has run for a while);
#   --cps paces the campaign (its plan's callsPerSecond; the bare client is never paced), for the
#   hangup-to-campaign latency at a given rate: --cps 100; --workers 2 runs two workers on the
#   simulator and prints each one's share of the originates and the total
#   bench/dial-bench.sh --force-stop [-n calls] [--out dir]   (default -n 500): force stop with
#   that many answered calls up, against a bare client hanging up as many; writes
#   dial-bench-force-stop.json
# Environment: OUTDIAL_BENCH_BUILD=0 skips the build (mvn -q install -DskipTests).
set -euo pipefail
# shellcheck source=../temporal-dev/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../temporal-dev/lib.sh"
cd "$ROOT"

started=()
cleanup() {
  local svc
  for svc in "${started[@]}"; do
    bash "temporal-dev/$svc.sh" stop >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
if ! port_open "$OUTDIAL_DB_HOST" "$OUTDIAL_DB_PORT"; then
  bash temporal-dev/mariadb.sh start
  started+=(mariadb)
fi
if ! port_open "$TEMPORAL_HOST" "$TEMPORAL_PORT"; then
  bash temporal-dev/temporal.sh start
  started=(temporal "${started[@]}")
fi

if [ "${OUTDIAL_BENCH_BUILD:-1}" = 1 ]; then
  log "building (mvn -B -q install -DskipTests)"
  mvn -B -q install -DskipTests
fi
mvn -B -q -pl e2e test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt

# The process listening on a local port: for its CPU time.
listener_pid() {
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2
}
TEMPORAL_PID=$(listener_pid "$TEMPORAL_PORT" || true)
MARIADB_PID=$(listener_pid "$OUTDIAL_DB_PORT" || true)
[ -n "$TEMPORAL_PID" ] || warn "no local Temporal process found: its CPU time is left out"
[ -n "$MARIADB_PID" ] || warn "no local MariaDB process found: its CPU time is left out"

main=io.outdial.e2e.bench.DialBench
if [ "${1:-}" = --force-stop ]; then
  main=io.outdial.e2e.bench.ForceStopBench
  shift
fi
java -Xmx1g -Djava.awt.headless=true \
  -Dbench.pid.temporal="$TEMPORAL_PID" -Dbench.pid.mariadb="$MARIADB_PID" \
  -Dlogback.configurationFile="$ROOT/e2e/src/test/resources/logback-test.xml" \
  -cp "$(cat e2e/target/test-classpath.txt):e2e/target/test-classes" \
  "$main" "$@"
