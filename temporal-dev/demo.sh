#!/usr/bin/env bash
# Runs a demo campaign through the REST API of a running stack (temporal-dev/stack.sh up
# --no-demo starts one): creates a plan, a destination (the queue "sales"), a dial list of 7
# customers whose numbers make the PBX simulator answer, be busy, congested, unanswered,
# unallocated or rejected, a campaign; starts it, waits until it stops, and prints its results
# and its Temporal Web UI link. The queue has one available agent, so the calls go one at a time.
# With a real Asterisk (OUTDIAL_PBX) it needs the recorded PBX's dialplan context "targets" and
# queue "sales" (pbx-sim/src/main/resources/ami-transcripts/extensions.conf and queues.conf).
# Usage: temporal-dev/demo.sh
#   OUTDIAL_DEMO_TIMEOUT: seconds to wait for the campaign to stop (default 180).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

API=http://127.0.0.1:$OUTDIAL_API_PORT/v1
TIMEOUT=${OUTDIAL_DEMO_TIMEOUT:-180}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The token goes to curl in a file, not in argv where any user could read it.
(
  umask 077
  printf 'Authorization: Bearer %s\n' "$OUTDIAL_API_TOKEN" >"$tmp/auth"
)

# api METHOD PATH [JSON]: prints the response body; any answer but 2xx stops the demo, showing
# the status and the body.
api() {
  local method=$1 path=$2 data=${3-} code
  local args=(-sS -X "$method" -o "$tmp/body" -w '%{http_code}' -H "@$tmp/auth" -H 'Accept: application/json')
  [ -n "$data" ] && args+=(-H 'Content-Type: application/json' --data-binary "$data")
  code=$(curl "${args[@]}" "$API$path") ||
    die "$method $API$path: no answer (is the api-server up? temporal-dev/stack.sh status)"
  if [[ $code != 2?? ]]; then
    printf '[outdial] ERROR: %s %s answered HTTP %s:\n' "$method" "$API$path" "$code" >&2
    cat "$tmp/body" >&2
    echo >&2
    exit 1
  fi
  cat "$tmp/body"
}

# json_field NAME < json: prints a top-level field of a JSON object.
json_field() {
  python3 -c '
import json, sys
v = json.load(sys.stdin).get(sys.argv[1])
if v is None:
    sys.exit("no field %r in the response" % sys.argv[1])
print(v)' "$1"
}

# create WHAT PATH JSON: POSTs, sets $created to the new id.
create() {
  local body
  body=$(api POST "$2" "$3")
  created=$(json_field id <<<"$body") || die "POST $API$2 answered without an id: $body"
  log "created $1 $created"
}

create plan /plans '{"name":"demo plan","techName":"Local/","trunkName":"targets",
  "dialTimeout":20000,"callerId":"\"ACME\" <5551234>","retryDelay":5,"maxRetry":[2,1,1,1,1,1,1,1]}'
plan=$created
# Answered calls go to the queue "sales" (application Queue). A queue destination paces the
# campaign by the agents QueueSummary reports Available: the simulator's sales queue (its
# default, from the recorded PBX) has one.
create destination /destinations '{"name":"sales queue","type":1,"application":"Queue","data":"sales"}'
destination=$created
create "dial list" /dlmas '{"name":"demo list"}'
dlma=$created
entries=$(python3 -c '
import json
numbers = ["answer", "busy", "congestion", "noanswer", "unallocated", "reject", "answer"]
print(json.dumps([{"name": "Customer %d" % (i + 1), "numbers": [n]} for i, n in enumerate(numbers)]))')
api POST "/dlmas/$dlma/entries" "$entries" >/dev/null
log "added 7 entries to dial list $dlma"
create campaign /campaigns "$(python3 -c '
import json, sys
print(json.dumps({"name": "demo campaign", "plan": sys.argv[1], "destination": sys.argv[2], "dlma": sys.argv[3]}))
' "$plan" "$destination" "$dlma")"
campaign=$created
api POST "/campaigns/$campaign/start" >/dev/null
log "started campaign $campaign; waiting up to ${TIMEOUT}s for it to stop"

# A new campaign is already STOP: only a STOP after some other status means it has run.
deadline=$((SECONDS + TIMEOUT))
last=
left_stop=0
while :; do
  body=$(api GET "/campaigns/$campaign")
  status=$(json_field statusName <<<"$body") || die "GET /v1/campaigns/$campaign: $body"
  [ "$status" != "$last" ] && log "campaign status: $status"
  last=$status
  [ "$status" != STOP ] && left_stop=1
  [ "$status" = STOP ] && ((left_stop)) && break
  ((SECONDS < deadline)) || die "campaign $campaign did not reach STOP within ${TIMEOUT}s; last answer: $body"
  sleep 2
done

echo
echo "Results of campaign $campaign:"
api GET "/results?campaign=$campaign" | python3 -c '
import json, sys
data = json.load(sys.stdin)
if isinstance(data, dict):  # a page: {"items": [...], "offset": .., "limit": ..}
    data = data.get("items", [])
cols = ["number", "resDial", "resHangup", "hangupText", "dialingStatus"]
def cell(row, col):
    v = row.get(col, row.get("resHangupText") if col == "hangupText" else None)
    name = row.get(col + "Name")  # codes come with their names
    text = "" if v is None else str(v)
    return text + (" " + str(name) if name is not None else "")
rows = [[cell(r, c) for c in cols] for r in data]
widths = [max(len(x) for x in [c] + [r[i] for r in rows]) for i, c in enumerate(cols)]
for line in [cols] + rows:
    print("  " + "  ".join(x.ljust(w) for x, w in zip(line, widths)).rstrip())
print("  (%d results)" % len(rows))'
echo
echo "Temporal Web UI: http://$TEMPORAL_HOST:$TEMPORAL_UI_PORT/namespaces/$TEMPORAL_NAMESPACE/workflows/campaign-$campaign"
