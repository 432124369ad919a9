#!/usr/bin/env bash
# Builds the worker of an older commit, for the upgrade test (e2e UpgradeIT): a campaign started by
# that worker must finish correctly on today's. Prints the directory of the build (its
# worker/target/classpath.txt and classes start it). Cached in $DATA/old-worker/<commit>: built
# once per machine and data directory.
# Usage: temporal-dev/old-worker.sh [commit]
#   default: 1295835, the last commit before the change dialing-lanes (one child workflow per
#   attempt), the code issue 12 was filed against.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COMMIT=${1:-1295835}
full=$(git -C "$ROOT" rev-parse --verify --quiet "$COMMIT^{commit}") ||
  die "no commit $COMMIT in $ROOT (a shallow clone? fetch it with git fetch --unshallow)"
dir=$DATA/old-worker/${full:0:12}
if [ -f "$dir/worker/target/classpath.txt" ] && [ -d "$dir/worker/target/classes" ]; then
  echo "$dir"
  exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"
log "building the worker of ${full:0:12} in $dir (once)" >&2
git -C "$ROOT" archive "$full" | tar -x -C "$dir"
# Its own reactor, so that its classpath names its own modules' jars, not today's.
(cd "$dir" && mvn -B -q package -DskipTests -pl worker -am) >"$dir/build.log" 2>&1 ||
  die "the build of ${full:0:12} failed; see $dir/build.log"
echo "$dir"
