#!/usr/bin/env bash
# Campaign read benchmark of the api-server (issue 14).
#
# Starts the api-server as its own process against the stack's MariaDB, in a database of its own
# (outdial_bench_read, created afresh), and the stack's Temporal. It fills one campaign the size of
# a day's work: a list of N entries (imported through the API), as many results recorded (written
# with SQL the way the store writes them, outcomes mixed, with the tally the V7 migration makes of
# results already there) and 200 attempts in flight. Then, for each rate, it loads with an open
# loop of GETs at that fixed rate (vegeta, https://github.com/tsenart/vegeta: it sends each
# request when it is due, whether or not the earlier ones have answered, adding connections as
# needed, so a server that falls behind shows it in the tail instead of slowing the load down):
#   - GET /v1/plans, a plain list, the baseline of the same server in the same run,
#   - GET /v1/campaigns/{id}, the campaign with its counts, windows and problem.
# Both are warmed up for 10 s first, and each for 5 s at the rate before it is measured. vegeta $VEGETA_VERSION is built with
# `go install` into ${OUTDIAL_CACHE:-~/.cache/outdial}/bin the first time (about 10 s), as the
# temporal CLI is. (A JDK HttpClient loop took 80% of a core at 500/s, as much as the server.)
#
# Usage (from the repository root; MariaDB and Temporal running: temporal-dev/mariadb.sh start,
# temporal-dev/temporal.sh start):
#   api-server/bench/read-bench.sh [entries] [seconds] [rates...]      # defaults 200000 30 500 1000
# Environment: OUTDIAL_DB_HOST/PORT/USER/PASSWORD (127.0.0.1, 3306, outdial, outdial),
#   TEMPORAL_ADDRESS (127.0.0.1:7233), OUTDIAL_BENCH_DB (outdial_bench_read), OUTDIAL_BENCH_PORT
#   (18380, admin +1), OUTDIAL_BENCH_KEEP_DB=1 keeps the database, OUTDIAL_BENCH_BUILD=0 skips
#   the build. Needs java 17, go, curl, jq, awk and a mysql/mariadb client.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

N=${1:-200000}
SECS=${2:-30}
shift $(($# >= 2 ? 2 : $#)) || true
RATES=("$@")
[ ${#RATES[@]} -gt 0 ] || RATES=(500 1000)
DB_HOST=${OUTDIAL_DB_HOST:-127.0.0.1}
DB_PORT=${OUTDIAL_DB_PORT:-3306}
DB_USER=${OUTDIAL_DB_USER:-outdial}
DB_PASSWORD=${OUTDIAL_DB_PASSWORD:-outdial}
DB_NAME=${OUTDIAL_BENCH_DB:-outdial_bench_read}
PORT=${OUTDIAL_BENCH_PORT:-18380}
ADMIN=$((PORT + 1))
TOKEN="bench-$(date +%s)-$RANDOM$RANDOM"
WORK="${TMPDIR:-/tmp}/outdial-read-bench"
mkdir -p "$WORK"

for tool in java curl jq awk; do
  command -v "$tool" >/dev/null || { echo "read-bench: $tool is required" >&2; exit 2; }
done
MYSQL=$(command -v mariadb || command -v mysql || true)
[ -n "$MYSQL" ] || { echo "read-bench: a mariadb or mysql client is required" >&2; exit 2; }
sql() { "$MYSQL" -N -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" -p"$DB_PASSWORD" "$@"; }

VEGETA_VERSION=v12.13.0
VEGETA="${OUTDIAL_CACHE:-$HOME/.cache/outdial}/bin/vegeta"
if [ ! -x "$VEGETA" ]; then
  command -v go >/dev/null || { echo "read-bench: go is required to build vegeta" >&2; exit 2; }
  echo "== building vegeta $VEGETA_VERSION into $(dirname "$VEGETA") (go install)"
  mkdir -p "$(dirname "$VEGETA")"
  GOBIN="$(dirname "$VEGETA")" go install "github.com/tsenart/vegeta/v12@$VEGETA_VERSION"
fi
if [ "${OUTDIAL_BENCH_BUILD:-1}" = 1 ] || [ ! -f api-server/target/classpath.txt ]; then
  echo "== building (mvn -q -pl api-server -am install -DskipTests)"
  mvn -q -pl api-server -am install -DskipTests
fi
CP="$(cat api-server/target/classpath.txt):api-server/target/classes"

echo "== database $DB_NAME on $DB_HOST:$DB_PORT (dropped and created)"
sql -e "DROP DATABASE IF EXISTS $DB_NAME; CREATE DATABASE $DB_NAME CHARACTER SET utf8mb4"

SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "${OUTDIAL_BENCH_KEEP_DB:-0}" != 1 ]; then
    sql -e "DROP DATABASE IF EXISTS $DB_NAME" 2>/dev/null || true
  fi
}
trap cleanup EXIT

echo "== starting the api-server on 127.0.0.1:$PORT, log $WORK/server.log"
OUTDIAL_API_TOKEN="$TOKEN" OUTDIAL_DB_PASSWORD="$DB_PASSWORD" OUTDIAL_DB_HOST="$DB_HOST" \
OUTDIAL_DB_PORT="$DB_PORT" OUTDIAL_DB_USER="$DB_USER" OUTDIAL_DB_NAME="$DB_NAME" \
OUTDIAL_API_PORT="$PORT" OUTDIAL_ADMIN_PORT="$ADMIN" OUTDIAL_LOG_LEVEL=WARN \
OUTDIAL_TASK_QUEUE=outdial-read-bench \
  java -Xmx512m -XX:+UseG1GC -cp "$CP" \
    io.outdial.api.ApiServerApplication server api-server/config.yml >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$ADMIN/ping" >/dev/null 2>&1; then break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "the api-server died:" >&2; tail -30 "$WORK/server.log" >&2; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$ADMIN/healthcheck" >/dev/null \
  || { echo "the api-server is not healthy (Temporal running? temporal-dev/temporal.sh start):" >&2;
       curl -s "http://127.0.0.1:$ADMIN/healthcheck" >&2; exit 1; }

API="http://127.0.0.1:$PORT/v1"
post() { curl -sf -H "Authorization: Bearer $TOKEN" -H "Content-Type: ${3:-application/json}" \
  --data-binary "$2" "$API/$1"; }
echo "== a campaign with $N entries, $N results and 200 attempts in flight"
PLAN=$(post plans '{"name":"bench plan","techName":"Local/","trunkName":"targets","maxRetry":[3]}' | jq -r .id)
DEST=$(post destinations '{"name":"bench queue","type":"APPLICATION","application":"Queue","data":"sales"}' | jq -r .id)
DLMA=$(post dlmas '{"name":"bench list"}' | jq -r .id)
awk -v n="$N" 'BEGIN { print "name,number1"; for (i = 0; i < n; i++) printf "Customer %d,+33%09d\n", i, i }' \
  >"$WORK/entries.csv"
post "dlmas/$DLMA/entries" @"$WORK/entries.csv" text/csv | jq -c '{created}'
CAMPAIGN=$(post campaigns '{"name":"bench","plan":"'"$PLAN"'","destination":"'"$DEST"'","dlma":"'"$DLMA"'"}' | jq -r .id)
# One result per entry (answered, no answer, busy, congestion, failed in turn), as settled: the
# entry's try counted and its result noted; then 200 attempts ORIGINATE_SENT.
sql "$DB_NAME" <<SQL
CREATE TEMPORARY TABLE e AS
  SELECT id, number1, ROW_NUMBER() OVER (ORDER BY id) AS k FROM dl_entry WHERE dlma_id = '$DLMA';
INSERT INTO result (id, attempt_id, campaign_id, entry_id, dialing_status, status_trail, res_dial,
  res_hangup, number, number_index, try_count, snapshot, dialed_at, hangup_at, created_at)
SELECT UUID(), UUID(), '$CAMPAIGN', id, 6, '[]', ELT(1 + k % 5, 4, 3, 5, 8, 0), 16, number1, 0, 1,
  '{}', NOW(3), NOW(3), NOW(3) FROM e;
UPDATE dl_entry d JOIN result r ON r.entry_id = d.id
  SET d.try_count1 = 1, d.res_dial = r.res_dial, d.res_hangup = r.res_hangup
  WHERE r.campaign_id = '$CAMPAIGN';
INSERT INTO campaign_tally (campaign_id, res_dial, n)
  SELECT campaign_id, res_dial, COUNT(*) FROM result WHERE campaign_id = '$CAMPAIGN'
  GROUP BY campaign_id, res_dial;
INSERT INTO attempt (id, campaign_id, entry_id, reservation_key, number_index, number, try_count,
  state, dialing_status, snapshot, created_at, originate_at)
SELECT UUID(), '$CAMPAIGN', id, 'bench', 0, number1, 2, 'ORIGINATE_SENT', 1, '{}', NOW(3), NOW(3)
  FROM e WHERE k <= 200;
SQL
curl -sf -H "Authorization: Bearer $TOKEN" "$API/campaigns/$CAMPAIGN" | jq -c .counts

load() { # label path rate seconds: one line of the table
  echo "GET $API/$2" | "$VEGETA" attack -rate="$3/s" -duration="$4s" -timeout=10s \
    -header "Authorization: Bearer $TOKEN" | "$VEGETA" report -type=json |
    jq -r --arg l "$1" '[$l, .requests, .rate, .requests - (.status_codes["200"] // 0),
      .latencies["50th"], .latencies["90th"], .latencies["99th"], .latencies.max] |
      "\(.[0])|\(.[1])|\(.[2])|\(.[3])|\(.[4])|\(.[5])|\(.[6])|\(.[7])"' |
    awk -F'|' '{ printf "%-28s %7d %9.1f/s %6d %8.1f %8.1f %8.1f %8.1f\n", $1, $2, $3, $4,
      $5 / 1e6, $6 / 1e6, $7 / 1e6, $8 / 1e6 }'
}
header() {
  printf '%-28s %7s %11s %6s %8s %8s %8s %8s\n' read requests rate errors \
    "p50 ms" "p90 ms" "p99 ms" "max ms"
}
echo "== warm-up: each read 10 s at ${RATES[0]}/s, unmeasured"
load warm plans "${RATES[0]}" 10 >/dev/null
load warm "campaigns/$CAMPAIGN" "${RATES[0]}" 10 >/dev/null
results=()
for rate in "${RATES[@]}"; do
  echo "== $rate requests/s, ${SECS} s each (after 5 s at the rate, unmeasured)"
  header
  for what in "plans" "campaigns/$CAMPAIGN"; do
    label=$([ "$what" = plans ] && echo "GET /v1/plans @$rate" || echo "GET /v1/campaigns/{id} @$rate")
    load "$label" "$what" "$rate" 5 >/dev/null
    line=$(load "$label" "$what" "$rate" "$SECS")
    echo "$line"
    results+=("$line")
  done
done

echo
echo "== results (api-server -Xmx512m, MariaDB $DB_HOST:$DB_PORT, $(nproc) CPUs; campaign of $N entries and results)"
header
for r in "${results[@]}"; do echo "$r"; done
echo "   errors: answers other than 200; GET /v1/plans: the baseline, a plain list on the same"
echo "   server in the same run"
