#!/usr/bin/env bash
# Bulk import benchmark of the api-server (issue 3).
#
# Starts the api-server as its own process with a small heap (-Xmx256m by default) against the
# stack's MariaDB, in a database of its own (outdial_bench, created afresh), and imports through
# POST /v1/dlmas/{id}/entries, one request each:
#   - a baseline of 100,000 entries as CSV, then 1,000,000 entries as CSV,
#   - the same two sizes as a JSON array,
#   - then, as the baseline of the import path, the large CSV again on an api-server started
#     with OUTDIAL_DB_LOAD_LOCAL=false (multi-row INSERTs instead of LOAD DATA LOCAL);
#     OUTDIAL_BENCH_INSERT_BASELINE=0 skips it,
#   - and the same numbers (the large CSV's number1 column) added to a do-not-call list in one
#     request, POST /v1/dnc-lists/{id}/numbers as CSV, beside the entries' rate (issue 15);
#     OUTDIAL_BENCH_DNC=0 skips it.
# For each it prints the entries per second and the server's heap: the peak of heap used
# (sampled every 100 ms from the admin metrics, garbage included, so bounded by -Xmx) and the
# peak of the old generation after GC (what the import keeps live). A streamed import keeps the
# second flat: the 1M runs should show about what the 100k runs show.
#
# Usage (from the repository root, MariaDB running: temporal-dev/mariadb.sh start):
#   api-server/bench/import-bench.sh [entries] [baseline]      # defaults 1000000 100000
# Environment: OUTDIAL_DB_HOST/PORT/USER/PASSWORD (127.0.0.1, 3306, outdial, outdial),
#   OUTDIAL_BENCH_DB (outdial_bench), OUTDIAL_BENCH_XMX (256m), OUTDIAL_BENCH_PORT (18280, admin
#   +1), OUTDIAL_BENCH_KEEP_DB=1 keeps the database, OUTDIAL_BENCH_BUILD=0 skips the build,
#   OUTDIAL_BENCH_JVM_OPTS adds JVM options (e.g. -XX:StartFlightRecording=filename=/tmp/i.jfr).
# Needs java 17, curl, jq, awk and a mysql/mariadb client. Temporal is not needed.
# The CSV parsing alone, jackson-dataformat-csv's reader beside the hand-written one it replaced,
# on these same rows: api-server/src/test/java/io/outdial/api/dlmas/CsvReaderBench.java.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

N=${1:-1000000}
BASE=${2:-100000}
DB_HOST=${OUTDIAL_DB_HOST:-127.0.0.1}
DB_PORT=${OUTDIAL_DB_PORT:-3306}
DB_USER=${OUTDIAL_DB_USER:-outdial}
DB_PASSWORD=${OUTDIAL_DB_PASSWORD:-outdial}
DB_NAME=${OUTDIAL_BENCH_DB:-outdial_bench}
XMX=${OUTDIAL_BENCH_XMX:-256m}
PORT=${OUTDIAL_BENCH_PORT:-18280}
ADMIN=$((PORT + 1))
TOKEN="bench-$(date +%s)-$RANDOM$RANDOM"
WORK="${TMPDIR:-/tmp}/outdial-import-bench"
mkdir -p "$WORK"

for tool in java curl jq awk; do
  command -v "$tool" >/dev/null || { echo "import-bench: $tool is required" >&2; exit 2; }
done
MYSQL=$(command -v mariadb || command -v mysql || true)
[ -n "$MYSQL" ] || { echo "import-bench: a mariadb or mysql client is required" >&2; exit 2; }

if [ "${OUTDIAL_BENCH_BUILD:-1}" = 1 ] || [ ! -f api-server/target/classpath.txt ]; then
  echo "== building (mvn -q -pl api-server -am install -DskipTests)"
  mvn -q -pl api-server -am install -DskipTests
fi

echo "== database $DB_NAME on $DB_HOST:$DB_PORT (dropped and created)"
"$MYSQL" -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" -p"$DB_PASSWORD" \
  -e "DROP DATABASE IF EXISTS $DB_NAME; CREATE DATABASE $DB_NAME CHARACTER SET utf8mb4"

SERVER_PID=
SAMPLER_PID=
cleanup() {
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null || true
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "${OUTDIAL_BENCH_KEEP_DB:-0}" != 1 ]; then
    "$MYSQL" -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" -p"$DB_PASSWORD" \
      -e "DROP DATABASE IF EXISTS $DB_NAME" 2>/dev/null || true
  fi
}
trap cleanup EXIT

start_server() { # extra environment assignments (e.g. OUTDIAL_DB_LOAD_LOCAL=false)
  echo "== starting the api-server (-Xmx$XMX${1:+, $*}) on 127.0.0.1:$PORT, log $WORK/server.log"
  env "$@" OUTDIAL_API_TOKEN="$TOKEN" OUTDIAL_DB_PASSWORD="$DB_PASSWORD" OUTDIAL_DB_HOST="$DB_HOST" \
  OUTDIAL_DB_PORT="$DB_PORT" OUTDIAL_DB_USER="$DB_USER" OUTDIAL_DB_NAME="$DB_NAME" \
  OUTDIAL_API_PORT="$PORT" OUTDIAL_ADMIN_PORT="$ADMIN" OUTDIAL_LOG_LEVEL=WARN \
  OUTDIAL_TASK_QUEUE=outdial-import-bench \
    java -Xms"$XMX" -Xmx"$XMX" -XX:+UseG1GC ${OUTDIAL_BENCH_JVM_OPTS:-} \
      -cp "$(cat api-server/target/classpath.txt):api-server/target/classes" \
      io.outdial.api.ApiServerApplication server api-server/config.yml >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$ADMIN/ping" >/dev/null 2>&1; then break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the api-server died:" >&2; tail -30 "$WORK/server.log" >&2; exit 1; }
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$ADMIN/ping" >/dev/null || { echo "the api-server did not start" >&2; exit 1; }
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# Data files, generated before the clock starts. Realistic rows: name, two numbers on a third
# of them, email, a unique key, a time zone on a fifth, a variable.
gen_csv() { # rows file
  awk -v n="$1" 'BEGIN {
    print "name,number1,number2,email,ukey,timezone,var_SEGMENT";
    for (i = 0; i < n; i++) {
      printf "Customer %d,+33%09d,%s,c%d@example.com,k-%d,%s,%s\n", i, i, (i % 3 == 0 ? sprintf("+336%08d", i % 100000000) : ""), i, i, (i % 5 == 0 ? "Europe/Paris" : ""), (i % 2 ? "gold" : "silver")
    } }' >"$2"
}
gen_json() { # rows file
  awk -v n="$1" 'BEGIN {
    printf "[";
    for (i = 0; i < n; i++) {
      printf "%s{\"name\":\"Customer %d\",\"numbers\":[\"+33%09d\"%s],\"email\":\"c%d@example.com\",\"ukey\":\"k-%d\"%s,\"variables\":{\"SEGMENT\":\"%s\"}}", (i ? "," : ""), i, i, (i % 3 == 0 ? sprintf(",\"+336%08d\"", i % 100000000) : ""), i, i, (i % 5 == 0 ? ",\"timezone\":\"Europe/Paris\"" : ""), (i % 2 ? "gold" : "silver")
    }
    print "]" }' >"$2"
}
for n in "$BASE" "$N"; do
  [ -s "$WORK/entries-$n.csv" ] || gen_csv "$n" "$WORK/entries-$n.csv"
  [ -s "$WORK/entries-$n.json" ] || gen_json "$n" "$WORK/entries-$n.json"
done

metric() { # the admin metrics' gauge values: heap used, old gen used after GC, heap max
  curl -s "http://127.0.0.1:$ADMIN/metrics" | jq -r '[.gauges["jvm.memory.heap.used"].value,
    (.gauges["jvm.memory.pools.G1-Old-Gen.used-after-gc"].value // 0),
    .gauges["jvm.memory.heap.max"].value] | @tsv'
}

sample_heap() { # writes "maxUsed maxOldAfterGc" to $1 until killed
  local out=$1 max_used=0 max_old=0 used old _max
  while true; do
    read -r used old _max < <(metric) || true
    [ "${used:-0}" -gt "$max_used" ] && max_used=$used
    [ "${old:-0}" -gt "$max_old" ] && max_old=$old
    echo "$max_used $max_old" >"$out"
    sleep 0.1
  done
}

results=()
# measured_post FILE CONTENT_TYPE URL: POSTs the file with the heap sampled around it; sets
# code, secs, max_used and max_old.
measured_post() {
  local out
  curl -s -X POST "http://127.0.0.1:$ADMIN/tasks/gc" >/dev/null || true
  sleep 1
  sample_heap "$WORK/heap" &
  SAMPLER_PID=$!
  out=$(curl -s -o "$WORK/response.json" -w '%{http_code} %{time_total}' -X POST -T "$1" \
    -H "Expect:" -H "Authorization: Bearer $TOKEN" -H "Content-Type: $2" "$3")
  sleep 0.3
  kill "$SAMPLER_PID" 2>/dev/null || true
  wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=
  code=${out%% *}
  secs=${out##* }
  read -r max_used max_old <"$WORK/heap"
}

run() { # format rows [label]
  local format=$1 rows=$2 label=${3:-$1} file type dlma created
  file="$WORK/entries-$rows.$format"
  type=$([ "$format" = csv ] && echo "text/csv" || echo "application/json")
  dlma=$(curl -sf -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
    -d "{\"name\":\"bench $format $rows\"}" "http://127.0.0.1:$PORT/v1/dlmas" | jq -r .id)
  measured_post "$file" "$type" "http://127.0.0.1:$PORT/v1/dlmas/$dlma/entries"
  created=$(jq -r '.created // empty' "$WORK/response.json" 2>/dev/null || true)
  if [ "$code" != 201 ] || [ "$created" != "$rows" ]; then
    echo "import of $rows $format entries failed: HTTP $code $(head -c 500 "$WORK/response.json")" >&2
    exit 1
  fi
  results+=("$(awk -v f="$label" -v r="$rows" -v s="$secs" -v u="$max_used" -v o="$max_old" \
    -v b="$(stat -c %s "$file")" 'BEGIN {
      printf "%-12s %9d %8.1f MB %8.2f s %9.0f entries/s %8.1f MB %8.1f MB", f, r, b / 1048576, s,
        r / s, u / 1048576, o / 1048576 }')")
  echo "   ${results[-1]}"
}

run_dnc() { # rows: the numbers of entries-<rows>.csv onto a do-not-call list (region FR)
  local rows=$1 file list added
  file="$WORK/dnc-$rows.csv"
  [ -s "$file" ] || awk -F, 'NR == 1 { print "number"; next } { print $2 }' \
    "$WORK/entries-$rows.csv" >"$file"
  list=$(curl -sf -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
    -d '{"name":"bench","region":"FR"}' "http://127.0.0.1:$PORT/v1/dnc-lists" | jq -r .id)
  measured_post "$file" text/csv "http://127.0.0.1:$PORT/v1/dnc-lists/$list/numbers"
  added=$(jq -r '.added // empty' "$WORK/response.json" 2>/dev/null || true)
  if [ "$code" != 200 ] || [ "$added" != "$rows" ]; then
    echo "adding $rows numbers failed: HTTP $code $(head -c 500 "$WORK/response.json")" >&2
    exit 1
  fi
  results+=("$(awk -v r="$rows" -v s="$secs" -v u="$max_used" -v o="$max_old" \
    -v b="$(stat -c %s "$file")" 'BEGIN {
      printf "%-12s %9d %8.1f MB %8.2f s %9.0f numbers/s %8.1f MB %8.1f MB", "dnc csv", r,
        b / 1048576, s, r / s, u / 1048576, o / 1048576 }')")
  echo "   ${results[-1]}"
}

start_server
echo "== importing (one request each)"
printf '   %-12s %9s %11s %10s %19s %11s %11s\n' format entries body time rate "peak heap" "old gen*"
run csv "$BASE"
run csv "$N"
run json "$BASE"
run json "$N"
if [ "${OUTDIAL_BENCH_DNC:-1}" = 1 ]; then
  run_dnc "$N"
fi
stop_server
if [ "${OUTDIAL_BENCH_INSERT_BASELINE:-1}" = 1 ]; then
  # The same CSV import with LOAD DATA LOCAL off: the multi-row INSERT path, for comparison.
  start_server OUTDIAL_DB_LOAD_LOCAL=false
  run csv "$N" "csv INSERT"
  stop_server
fi

rows=$("$MYSQL" -N -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" -p"$DB_PASSWORD" "$DB_NAME" \
  -e "SELECT COUNT(*) FROM dl_entry")
echo
echo "== results (api-server -Xmx$XMX, MariaDB $DB_HOST:$DB_PORT, $(nproc) CPUs; $rows rows written)"
printf '   %-12s %9s %11s %10s %19s %11s %11s\n' format entries body time rate "peak heap" "old gen*"
for r in "${results[@]}"; do echo "   $r"; done
echo "   * peak of the old generation after a GC: what the server kept live during the import"
echo "   csv INSERT: the same import with OUTDIAL_DB_LOAD_LOCAL=false (multi-row INSERTs), the baseline"
echo "   dnc csv: the large CSV's numbers added to a do-not-call list (normalised to E.164 in FR)"
