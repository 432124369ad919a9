#!/usr/bin/env bash
# Checks that a workflow is listed by the Temporal Web UI, as a browser renders it: loads the
# workflow list filtered on the id in headless Chromium and looks for the row's link.
# Usage: temporal-dev/ui-check.sh <workflow-id> [screenshot.png]
#   Exit 0 and "found <id> in the Temporal Web UI", or exit 1 with the size of the DOM seen.
#   CHROMIUM=/path/to/browser overrides the browser (default: chromium).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 <workflow-id> [screenshot.png]" >&2
  exit 2
fi
wid=$1
shot=${2:-}
browser=${CHROMIUM:-chromium}
command -v "$browser" >/dev/null 2>&1 || die "$browser not found; run temporal-dev/install.sh"

ui=http://$TEMPORAL_HOST:$TEMPORAL_UI_PORT
curl -fsS -o /dev/null "$ui/" ||
  die "the Temporal Web UI does not answer at $ui; start it with temporal-dev/temporal.sh start"

# encodeURIComponent, as the UI builds its links.
uri_component() {
  python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="-_.!~*'\''()"))' "$1"
}
ns=$(uri_component "$TEMPORAL_NAMESPACE")
url="$ui/namespaces/$ns/workflows?query=$(uri_component "WorkflowId=\"$wid\"")"
# The filter chip and the page's own URL echo the id too, so only the link of a result row
# counts: /namespaces/<ns>/workflows/<id>/<run-id>/history.
needle="href=\"/namespaces/$ns/workflows/$(uri_component "$wid")/"

profile=$(mktemp -d)
dom=$(mktemp)
trap 'rm -rf "$profile" "$dom"' EXIT
mkdir -p "$LOG_DIR"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$profile" --virtual-time-budget=15000)
[ -n "$shot" ] && flags+=(--screenshot="$(realpath -m "$shot")" "--window-size=1400,900")

# The UI is a client-side SvelteKit app: the rows exist only after its scripts have fetched the
# list, which the virtual-time budget allows for. Visibility can lag a just-started workflow by
# a moment, hence a few attempts.
: >"$LOG_DIR/ui-check.log"
for attempt in 1 2 3; do
  timeout 90 "$browser" "${flags[@]}" --dump-dom "$url" >"$dom" 2>>"$LOG_DIR/ui-check.log" || true
  if grep -qF "$needle" "$dom"; then
    echo "found $wid in the Temporal Web UI ($url)"
    [ -n "$shot" ] && echo "screenshot: $shot"
    exit 0
  fi
  ((attempt < 3)) && sleep 2
done
echo "$wid not found in the Temporal Web UI at $url (DOM of $(wc -c <"$dom") bytes; browser log $LOG_DIR/ui-check.log)" >&2
exit 1
