#!/usr/bin/env bash
# Installs what the local stack needs and is missing, saying what it does. Safe to run again.
# Usage: temporal-dev/install.sh
#   Debian packages: mariadb-server mariadb-client chromium chromium-driver (+ curl, python3 if
#   absent; chromium-driver drives the console's browser test, e2e ConsoleIT), through
#   apt-get when run as root, otherwise prints the command to run.
#   temporal CLI $TEMPORAL_CLI_VERSION: `go install` into ${OUTDIAL_CACHE:-~/.cache/outdial}/bin.
#   Checks, does not install: Java 17+ (JDK), Maven, and Go 1.25+ when the CLI must be built.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

pkg_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

problems=()

# --- Java and Maven: checked only, the JDK choice is the developer's.
java_major=0
if command -v java >/dev/null 2>&1; then
  java_version=$(java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
  java_major=${java_version%%.*}
  [ "$java_major" = 1 ] && java_major=$(cut -d. -f2 <<<"$java_version")
  [[ $java_major =~ ^[0-9]+$ ]] || java_major=0
fi
if ((java_major < 17)) || ! command -v javac >/dev/null 2>&1; then
  problems+=("a JDK 17 or newer is needed (found: $(command -v java >/dev/null 2>&1 && echo "java ${java_version:-?}" || echo none)). Install one, e.g.: apt-get install -y openjdk-17-jdk-headless")
fi
command -v mvn >/dev/null 2>&1 ||
  problems+=("Maven is needed. Install it, e.g.: apt-get install -y maven")

# --- Go: only needed when the temporal CLI has to be built.
GO=
if [ ! -x "$TEMPORAL_BIN" ]; then
  GO=$(command -v go 2>/dev/null || true)
  [ -z "$GO" ] && [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go
  if [ -z "$GO" ]; then
    problems+=("Go 1.25 or newer is needed to build the temporal CLI (Debian's golang-go is too old). Install it from https://go.dev/dl/ into /usr/local/go and put /usr/local/go/bin on PATH.")
  else
    go_version=$("$GO" env GOVERSION) # e.g. go1.26.8
    IFS=. read -r go_major go_minor _ <<<"${go_version#go}.0"
    if ((go_major < 1 || (go_major == 1 && go_minor < 25))); then
      problems+=("Go 1.25 or newer is needed to build the temporal CLI $TEMPORAL_CLI_VERSION; found $go_version at $GO. Install a newer Go from https://go.dev/dl/.")
    fi
  fi
fi

# --- Debian packages.
missing=()
for pkg in mariadb-server mariadb-client; do
  pkg_installed "$pkg" || missing+=("$pkg")
done
if [ -n "${CHROMIUM:-}" ] && command -v "$CHROMIUM" >/dev/null 2>&1; then
  : # an explicitly chosen browser binary is used instead of Debian's chromium
elif ! pkg_installed chromium; then
  missing+=(chromium)
fi
# Selenium drives Debian's chromium through its own driver (ConsoleIT); it downloads nothing.
pkg_installed chromium-driver || missing+=(chromium-driver)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v python3 >/dev/null 2>&1 || missing+=(python3)

# apt-get would replace another MySQL-family server with MariaDB without asking: refuse instead.
if [[ " ${missing[*]} " == *" mariadb-server "* ]]; then
  other=$(dpkg-query -W -f='${binary:Package} ${Status}\n' 'mysql-server*' 'mysql-community-server*' \
    'percona-server-server*' 2>/dev/null | awk '/install ok installed/ {print $1}' | tr '\n' ' ' || true)
  [ -n "$other" ] &&
    problems+=("another database server is installed (${other% }); installing mariadb-server would replace it. Remove it yourself if that is what you want, then run this again.")
fi

if ((${#missing[@]})) && ((EUID != 0)); then
  problems+=("missing Debian packages; run as root: apt-get update && apt-get install -y ${missing[*]}")
fi

if ((${#problems[@]})); then
  for p in "${problems[@]}"; do
    printf '[outdial] ERROR: %s\n' "$p" >&2
  done
  exit 1
fi

if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  # Without a policy-rc.d, installing mariadb-server starts a system server on port 3306, which
  # would then block the stack's own server. Forbid service starts for this transaction only.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    trap 'rm -f "$policy"' EXIT
  fi
  log "apt-get update"
  apt-get update
  log "apt-get install -y ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
else
  log "Debian packages: nothing missing (mariadb-server mariadb-client chromium chromium-driver curl python3)"
fi

if [ -x "$TEMPORAL_BIN" ]; then
  log "temporal CLI present: $TEMPORAL_BIN"
else
  log "building the temporal CLI $TEMPORAL_CLI_VERSION into $CACHE/bin (go install; a few minutes the first time)"
  mkdir -p "$CACHE/bin"
  GOBIN=$CACHE/bin "$GO" install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION"
  [ -x "$TEMPORAL_BIN" ] || die "go install finished but $TEMPORAL_BIN is missing"
fi
log "$("$TEMPORAL_BIN" --version)"
log "java $java_version, $(mvn -B -v 2>/dev/null | head -n 1 | sed 's/\x1b\[[0-9;]*m//g')"
