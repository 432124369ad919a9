#!/usr/bin/env bash
# Restarts the processes of a running local stack (temporal-dev/stack.sh up) at random moments
# while campaigns dial, then counts what the restarts broke.
# Usage: temporal-dev/chaos.sh [minutes]          (default 5)
#        temporal-dev/chaos.sh --restarts N       (as long as N restarts take)
#   Keeps one campaign of $OUTDIAL_CHAOS_ENTRIES entries (default 200; at most
#   $OUTDIAL_CHAOS_CALLS calls at once (default 30), $OUTDIAL_CHAOS_CPS new calls a second
#   (default 10; 0: unpaced), one try per number) dialing through the REST API, starting the next when one
#   has finished its list. Every $OUTDIAL_CHAOS_PAUSE seconds (a range, default 5-25; random
#   within it) it does one of, at random:
#     worker, api-server   SIGKILL, then temporal-dev/stack.sh restart <svc>
#     mariadb, temporal    SIGKILL, then temporal-dev/<svc>.sh start (Temporal: same SQLite file)
#     ami                  the PBX simulator drops the worker's AMI link and refuses it for 10 s
#   (mariadb and temporal only when these scripts started them; ami only with the simulator).
#   Afterwards it waits for its campaigns to stop and prints: restarts done, duplicate
#   originates (ChannelIds the simulator got more than once during the run), lost results
#   (attempts without their one result row), entries not in a terminal state (not idle, never
#   tried, or with an attempt not SETTLED), and the originates per second the simulator received
#   while the campaigns dialed. Exit 0 when those three counts are 0, else 1.
#   The issue-12 run: OUTDIAL_CHAOS_ENTRIES=5000 OUTDIAL_CHAOS_CALLS=300 OUTDIAL_CHAOS_CPS=0 \
#     OUTDIAL_CHAOS_PAUSE=2-6 temporal-dev/chaos.sh --restarts 100
#   OUTDIAL_CHAOS_SEED: seed for the random choices (repeatable runs).
# Every setting of lib.sh applies, so a stack on other ports (OUTDIAL_DATA, OUTDIAL_DB_PORT,
# TEMPORAL_ADDRESS, TEMPORAL_UI_PORT, AMI_PORT, PBXSIM_CONTROL_PORT, OUTDIAL_API_PORT, ...) is
# targeted by exporting the same variables that started it.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEV=$ROOT/temporal-dev
: "${PBXSIM_CONTROL_PORT:=5039}"
RESTARTS=0
if [ "${1:-}" = --restarts ]; then
  RESTARTS=${2:-}
  [[ $RESTARTS =~ ^[0-9]+$ ]] && ((RESTARTS > 0)) || die "--restarts takes a whole number above 0, not '$RESTARTS'"
  MINUTES=0
else
  MINUTES=${1:-5}
  [[ $MINUTES =~ ^[0-9]+$ ]] && ((MINUTES > 0)) || die "minutes must be a whole number above 0, not '$MINUTES'"
fi
ENTRIES=${OUTDIAL_CHAOS_ENTRIES:-200}
CALLS=${OUTDIAL_CHAOS_CALLS:-30}
CPS=${OUTDIAL_CHAOS_CPS:-10}
PAUSE=${OUTDIAL_CHAOS_PAUSE:-5-25}
[[ $ENTRIES =~ ^[0-9]+$ && $CALLS =~ ^[0-9]+$ && $CPS =~ ^[0-9]+$ ]] ||
  die "OUTDIAL_CHAOS_ENTRIES, OUTDIAL_CHAOS_CALLS and OUTDIAL_CHAOS_CPS must be whole numbers"
[[ $PAUSE =~ ^([0-9]+)-([0-9]+)$ ]] && ((BASH_REMATCH[1] <= BASH_REMATCH[2])) ||
  die "OUTDIAL_CHAOS_PAUSE must be a range of seconds such as 5-25, not '$PAUSE'"
PAUSE_MIN=${BASH_REMATCH[1]}
PAUSE_SPAN=$((BASH_REMATCH[2] - BASH_REMATCH[1] + 1))
[ -n "${OUTDIAL_CHAOS_SEED:-}" ] && RANDOM=$OUTDIAL_CHAOS_SEED
API=http://127.0.0.1:$OUTDIAL_API_PORT/v1
ORIGINATES=$LOG_DIR/originates.log

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The token goes to curl in a file, not in argv where any user could read it.
(
  umask 077
  printf 'Authorization: Bearer %s\n' "$OUTDIAL_API_TOKEN" >"$tmp/auth"
)

# --- what can be restarted here --------------------------------------------------------------
is_running worker || die "the stack's worker is not running; start the stack with temporal-dev/stack.sh up"
is_running api-server || die "the stack's api-server is not running; start the stack with temporal-dev/stack.sh up"
KINDS=(worker api-server)
for svc in mariadb temporal; do
  if is_running "$svc"; then
    KINDS+=("$svc")
  else
    warn "$svc was not started by these scripts (or is down): not restarting it"
  fi
done
# The simulator is the only PBX here that records every Originate (originates.log) and can drop
# the worker's link on request; a real Asterisk (OUTDIAL_PBX in lib.sh) does neither.
simulator=0
pbxsim_serves_ami && simulator=1
if ((simulator)) && port_open 127.0.0.1 "$PBXSIM_CONTROL_PORT"; then
  KINDS+=(ami)
else
  warn "no PBX simulator of this stack with a control port on $PBXSIM_CONTROL_PORT serves $AMI_HOST:$AMI_PORT: not dropping the AMI link"
fi
((simulator)) ||
  warn "the PBX at $AMI_HOST:$AMI_PORT is not this stack's simulator: duplicate originates and originates/s cannot be counted (they come from the simulator's $ORIGINATES)"
declare -A restarts=()
for k in "${KINDS[@]}"; do restarts[$k]=0; done

# --- REST ------------------------------------------------------------------------------------

# api METHOD PATH [JSON]: the body of a 2xx answer. While something is restarting the API may
# be down, or answer 5xx: tried again for up to 3 minutes. A 409 is printed as "409 <body>"
# (the caller decides); any other 4xx stops the script.
api() {
  local method=$1 path=$2 data=${3-} code deadline=$((SECONDS + 180))
  local args=(-sS -X "$method" -o "$tmp/body" -w '%{http_code}' -H "@$tmp/auth" -H 'Accept: application/json'
    --max-time 40)
  # The body from a file: one argument may not pass 128 KiB (a list of 5,000 entries does).
  if [ -n "$data" ]; then
    printf '%s' "$data" >"$tmp/request"
    args+=(-H 'Content-Type: application/json' -H 'X-Operator: chaos.sh' --data-binary "@$tmp/request")
  fi
  while :; do
    code=$(curl "${args[@]}" "$API$path" 2>/dev/null) || code=000
    case $code in
    2??)
      cat "$tmp/body"
      return 0
      ;;
    409)
      printf '409 '
      cat "$tmp/body"
      return 0
      ;;
    4??)
      printf '[outdial] ERROR: %s %s answered HTTP %s:\n' "$method" "$API$path" "$code" >&2
      cat "$tmp/body" >&2
      echo >&2
      exit 1
      ;;
    esac
    ((SECONDS < deadline)) || die "$method $API$path: no 2xx answer within 180 s (last: HTTP $code)"
    sleep 1
  done
}

json_field() {
  python3 -c '
import json, sys
v = json.load(sys.stdin).get(sys.argv[1])
if v is None:
    sys.exit("no field %r in the response" % sys.argv[1])
print(v)' "$1"
}

# One plan and destination for every campaign of the run; OUTDIAL_CHAOS_CPS=0: unpaced.
pacing=
((CPS > 0)) && pacing=",\"callsPerSecond\":$CPS"
# One plan and destination for every campaign of the run.
plan=$(api POST /plans "{\"name\":\"chaos plan\",\"techName\":\"Local/\",\"trunkName\":\"targets\",
  \"dialTimeout\":10000,\"callerId\":\"\\\"ACME\\\" <5551234>\",\"retryDelay\":1,\"maxRetry\":[1,1,1,1,1,1,1,1],
  \"dlEndHandle\":1,\"maxConcurrentCalls\":$CALLS$pacing}" | json_field id)
destination=$(api POST /destinations '{"name":"chaos extension","type":0,"context":"agents","exten":"sales","priority":"1"}' |
  json_field id)

campaigns=()
current=
# Creates a campaign of $ENTRIES entries (numbers the simulator answers: 2 s calls) and starts it.
new_campaign() {
  local n=${#campaigns[@]} dlma entries body
  dlma=$(api POST /dlmas "{\"name\":\"chaos list $n\"}" | json_field id)
  entries=$(python3 -c '
import json, sys
n, k = int(sys.argv[1]), sys.argv[2]
print(json.dumps([{"name": "Chaos %s-%d" % (k, i), "numbers": ["chaos%s%04d" % (k, i)]} for i in range(n)]))' "$ENTRIES" "$n")
  api POST "/dlmas/$dlma/entries" "$entries" >/dev/null
  current=$(api POST /campaigns "{\"name\":\"chaos campaign $n\",\"plan\":\"$plan\",\"destination\":\"$destination\",\"dlma\":\"$dlma\"}" |
    json_field id)
  campaigns+=("$current")
  body=$(api POST "/campaigns/$current/start" '{"reason":"chaos.sh"}')
  # A 409 after a retried start is fine once the campaign has left STOP (the first try went
  # through).
  if [[ $body == 409* ]] && [ "$(status_of "$current")" = STOP ]; then
    die "could not start campaign $current: $body"
  fi
  log "campaign $current started ($ENTRIES entries)"
}

status_of() {
  api GET "/campaigns/$1" | json_field statusName
}

# Starts the next campaign when the current one has finished its list.
keep_dialing() {
  local body reason
  body=$(api GET "/campaigns/$current")
  if [ "$(json_field statusName <<<"$body")" = STOP ]; then
    reason=$(python3 -c 'import json,sys; print(json.load(sys.stdin).get("statusReason") or "")' <<<"$body")
    log "campaign $current stopped ($reason)"
    new_campaign
  fi
}

# --- restarts --------------------------------------------------------------------------------

# Until the process is gone, all its threads too: a JVM's main thread shows as a zombie while its
# other threads still exit, and its sockets (the api-server's port) close only with the last one.
wait_dead() {
  local name=$1 pid=$2 deadline=$((SECONDS + 30))
  while is_running "$name" || [ "$(ls "/proc/$pid/task" 2>/dev/null | wc -l)" -gt 1 ]; do
    ((SECONDS < deadline)) || die "$name did not die after SIGKILL"
    sleep 0.2
  done
}

sigkill() {
  local name=$1 pid
  pid=$(read_pid "$name") || die "no pid recorded for $name"
  kill -KILL "$pid" 2>/dev/null || true
  wait_dead "$name" "$pid"
}

restart() {
  local kind=$1 answer t0=$SECONDS
  case $kind in
  worker | api-server)
    sigkill "$kind"
    bash "$DEV/stack.sh" restart "$kind" >>"$LOG_DIR/chaos.log" 2>&1 || die "could not restart $kind; see $LOG_DIR/chaos.log"
    ;;
  mariadb | temporal)
    sigkill "$kind"
    sleep $((RANDOM % 4))
    bash "$DEV/$kind.sh" start >>"$LOG_DIR/chaos.log" 2>&1 || die "could not start $kind again; see $LOG_DIR/chaos.log"
    ;;
  ami)
    exec 3<>"/dev/tcp/127.0.0.1/$PBXSIM_CONTROL_PORT" || die "cannot reach the simulator's control port $PBXSIM_CONTROL_PORT"
    printf 'drop 10\n' >&3
    read -r answer <&3 || answer="no answer"
    exec 3<&-
    [[ $answer == "ok dropped"* ]] || die "drop failed: $answer"
    sleep 10
    ;;
  esac
  restarts[$kind]=$((${restarts[$kind]} + 1))
  log "restart $kind done in $((SECONDS - t0)) s"
}

# --- the run ---------------------------------------------------------------------------------

offset=0
[ -f "$ORIGINATES" ] && offset=$(stat -c %s "$ORIGINATES")
if ((RESTARTS > 0)); then
  log "chaos for $RESTARTS restarts against the stack in $DATA: restarting ${KINDS[*]}"
else
  log "chaos for $MINUTES min against the stack in $DATA: restarting ${KINDS[*]}"
fi
t_start=$SECONDS
new_campaign
end=$((SECONDS + MINUTES * 60))
done_restarts=0
while :; do
  pause=$((PAUSE_MIN + RANDOM % PAUSE_SPAN))
  if ((RESTARTS > 0)); then
    ((done_restarts < RESTARTS)) || break
  else
    ((SECONDS + pause < end)) || break
  fi
  sleep "$pause"
  keep_dialing
  restart "${KINDS[RANDOM % ${#KINDS[@]}]}"
  done_restarts=$((done_restarts + 1))
done

log "chaos over; waiting for ${#campaigns[@]} campaign(s) to stop"
for c in "${campaigns[@]}"; do
  deadline=$((SECONDS + 300))
  until [ "$(status_of "$c")" = STOP ]; do
    ((SECONDS < deadline)) || {
      warn "campaign $c did not stop within 300 s"
      break
    }
    sleep 2
  done
done

# --- counts ----------------------------------------------------------------------------------

sql() {
  MYSQL_PWD=$OUTDIAL_DB_PASSWORD mariadb --no-defaults --protocol=TCP --host="$OUTDIAL_DB_HOST" \
    --port="$OUTDIAL_DB_PORT" --user="$OUTDIAL_DB_USER" --batch --skip-column-names \
    "$OUTDIAL_DB_NAME" -e "$1"
}
ids=$(printf "'%s'," "${campaigns[@]}")
ids=${ids%,}
duplicates=0
originated=0
if [ -f "$ORIGINATES" ]; then
  originated=$(tail -c +$((offset + 1)) "$ORIGINATES" | cut -f2 | sort -u | wc -l)
  duplicates=$(tail -c +$((offset + 1)) "$ORIGINATES" | cut -f2 | sort | uniq -d | wc -l)
fi
attempts=$(sql "SELECT COUNT(*) FROM attempt WHERE campaign_id IN ($ids)")
results=$(sql "SELECT COUNT(*) FROM result WHERE campaign_id IN ($ids)")
lost=$(sql "SELECT COUNT(*) FROM attempt a WHERE a.campaign_id IN ($ids)
  AND NOT EXISTS (SELECT 1 FROM result r WHERE r.attempt_id = a.id)")
extra=$(sql "SELECT COUNT(*) - COUNT(DISTINCT attempt_id) FROM result WHERE campaign_id IN ($ids)")
not_terminal=$(sql "SELECT COUNT(*) FROM dl_entry e JOIN campaign c ON c.dlma_id = e.dlma_id
  WHERE c.id IN ($ids) AND (e.status <> 0 OR e.try_count1 < 1 OR EXISTS (SELECT 1 FROM attempt a
  WHERE a.entry_id = e.id AND a.state <> 'SETTLED'))")
not_stopped=$(sql "SELECT COUNT(*) FROM campaign WHERE id IN ($ids) AND status <> 0")

rate=$(tail -c +$((offset + 1)) "$ORIGINATES" 2>/dev/null | python3 -c '
import re, sys
from datetime import datetime
# Nanoseconds cut to what datetime reads.
t = sorted(datetime.fromisoformat(re.sub(r"(\.\d{6})\d*", r"\1", l.split("\t")[0])
                                  .replace("Z", "+00:00")).timestamp()
           for l in sys.stdin if l.strip())
# Between the 10th and the 90th percentile of originates, as the dial bench counts.
if len(t) < 10:
    print("n/a")
else:
    a, b = t[len(t) // 10], t[len(t) * 9 // 10]
    print("%.1f" % ((len(t) * 8 // 10) / (b - a)) if b > a else "n/a")' || echo n/a)

echo
echo "chaos: $(((SECONDS - t_start) / 60)) min, ${#campaigns[@]} campaign(s) of $ENTRIES entries ($CALLS calls at once, ${CPS/#0/unpaced} calls/s)"
total=0
for k in "${KINDS[@]}"; do
  total=$((total + ${restarts[$k]}))
  printf '  restarts %-11s %d\n' "$k" "${restarts[$k]}"
done
printf '  restarts done             %d\n' "$total"
if ((simulator)); then
  printf '  ChannelIds originated     %d\n' "$originated"
  printf '  originates/s              %s (steady state, restarts included)\n' "$rate"
else
  printf '  ChannelIds originated     n/a (not the simulator)\n'
  printf '  originates/s              n/a (not the simulator)\n'
fi
printf '  attempts / results        %d / %d (extra result rows %d)\n' "$attempts" "$results" "$extra"
printf '  campaigns not stopped     %d\n' "$not_stopped"
if ((simulator)); then
  printf '  duplicate originates      %d\n' "$duplicates"
else
  printf '  duplicate originates      n/a (not the simulator)\n'
fi
printf '  lost results              %d\n' "$lost"
printf '  entries not terminal      %d\n' "$not_terminal"
((duplicates == 0 && lost == 0 && not_terminal == 0 && extra == 0 && not_stopped == 0))
