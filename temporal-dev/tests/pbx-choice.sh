#!/usr/bin/env bash
# Tests pbx_choice (temporal-dev/lib.sh): which PBX stack.sh dials through for each OUTDIAL_PBX
# mode, against fake servers on 127.0.0.x ports 15000-15999 (clear of the running stack's):
# one that greets like Asterisk's manager interface, one that greets like SSH, one that says
# nothing, and a free port; also this stack's own simulator (a pid file naming the fake AMI
# server) and a remote AMI_HOST. Starts no Java service and touches no stack: its pid files are
# in a temporary OUTDIAL_DATA. Needs bash and python3. Exit 0 when every case passes.
# Usage: temporal-dev/tests/pbx-choice.sh
set -euo pipefail
tmp=$(mktemp -d)
export OUTDIAL_DATA=$tmp/data
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

command -v python3 >/dev/null || die "python3 is needed (temporal-dev/install.sh installs it)"

servers=()
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  local pid
  for pid in "${servers[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

# A free port in 15000-15999 on 127.0.0.1 and 127.0.0.2 that no earlier call handed out.
taken=" "
free_port() {
  local port tries
  for ((tries = 0; tries < 200; tries++)); do
    port=$((15000 + RANDOM % 1000))
    [[ $taken == *" $port "* ]] && continue
    port_open 127.0.0.1 "$port" || port_open 127.0.0.2 "$port" || {
      taken+="$port "
      echo "$port"
      return 0
    }
  done
  die "no free port in 15000-15999"
}

# serve address port greeting: a server that sends greeting + CRLF to each connection and closes
# it; with an empty greeting it sends nothing and keeps the connections open. Sets $server_pid.
serve() {
  python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen(16)
held = []
while True:
    c, _ = s.accept()
    if sys.argv[3]:
        c.sendall(sys.argv[3].encode() + b"\r\n")
        c.close()
    else:
        held.append(c)' "$1" "$2" "$3" &
  server_pid=$!
  servers+=("$server_pid")
  local i
  for ((i = 0; i < 50; i++)); do
    port_open "$1" "$2" && return 0
    kill -0 "$server_pid" 2>/dev/null || die "the fake server on $1:$2 did not start"
    sleep 0.1
  done
  die "the fake server on $1:$2 did not open its port"
}

ami_port=$(free_port)
ssh_port=$(free_port)
silent_port=$(free_port)
remote_port=$(free_port)
none_port=$(free_port)
serve 127.0.0.1 "$ami_port" 'Asterisk Call Manager/11.0.0'
ami_pid=$server_pid
serve 127.0.0.1 "$ssh_port" 'SSH-2.0-x'
ssh_pid=$server_pid
serve 127.0.0.1 "$silent_port" ''
# 127.0.0.2 is not "this machine" to is_local_host, so it stands for a remote Asterisk.
serve 127.0.0.2 "$remote_port" 'Asterisk Call Manager/2.10.6'

passed=0
failed=0
# check "what" mode host port (sim | asterisk | error:<part of the message>)
check() {
  local what=$1 mode=$2 host=$3 port=$4 want=$5 got rc=0
  got=$(OUTDIAL_PBX=$mode AMI_HOST=$host AMI_PORT=$port pbx_choice 2>&1) || rc=$?
  local ok=0
  case $want in
  error:*) ((rc != 0)) && [[ $got == *"${want#error:}"* ]] && ok=1 ;;
  *) ((rc == 0)) && [ "$got" = "$want" ] && ok=1 ;;
  esac
  if ((ok)); then
    passed=$((passed + 1))
    printf 'ok    %-8s %-50s -> %s\n' "$mode" "$what" "$want"
  else
    failed=$((failed + 1))
    printf 'FAIL  %-8s %-50s -> want %s, got (exit %s): %s\n' "$mode" "$what" "$want" "$rc" "$got"
  fi
}

mkdir -p "$RUN_DIR"
pidfile=$(pid_file pbx-sim)

for case in none stale other; do
  case $case in
  none)
    rm -f "$pidfile"
    note="no simulator of ours"
    ;;
  stale)
    # A pid file left by a simulator that died: a pid no process has.
    sleep 0 &
    wait $!
    echo "$!" >"$pidfile"
    note="our simulator's stale pid file"
    ;;
  other)
    # Our simulator runs, but on another port (it is the SSH fake's pid here).
    echo "$ssh_pid" >"$pidfile"
    note="our simulator elsewhere"
    ;;
  esac
  check "Asterisk banner, $note" auto 127.0.0.1 "$ami_port" asterisk
  check "Asterisk banner, $note" asterisk 127.0.0.1 "$ami_port" asterisk
  check "Asterisk banner, $note" sim 127.0.0.1 "$ami_port" "error:not this stack's simulator"
done
rm -f "$pidfile"

# This stack's simulator: the pid file names the process listening on the AMI port.
echo "$ami_pid" >"$pidfile"
check "our simulator" auto 127.0.0.1 "$ami_port" sim
check "our simulator" sim 127.0.0.1 "$ami_port" sim
check "our simulator" asterisk 127.0.0.1 "$ami_port" "error:this stack's PBX simulator (pid $ami_pid)"
check "our simulator, AMI_HOST=localhost" auto localhost "$ami_port" sim
rm -f "$pidfile"

for mode in auto asterisk sim; do
  check "SSH banner" "$mode" 127.0.0.1 "$ssh_port" "error:its first line is 'SSH-2.0-x'"
done
# Every mode reads the banner the same way; one costs the 2 s read timeout.
check "silent server" auto 127.0.0.1 "$silent_port" "error:sends no line within 2 s"

check "free port" auto 127.0.0.1 "$none_port" sim
check "free port" sim 127.0.0.1 "$none_port" sim
check "free port" asterisk 127.0.0.1 "$none_port" "error:nothing accepts connections on 127.0.0.1:$none_port"

# A remote AMI_HOST: auto uses it unchecked, as stack.sh always did; asterisk checks it.
check "remote, Asterisk banner" auto 127.0.0.2 "$remote_port" asterisk
check "remote, Asterisk banner" asterisk 127.0.0.2 "$remote_port" asterisk
check "remote, Asterisk banner" sim 127.0.0.2 "$remote_port" "error:AMI_HOST=127.0.0.2 is not this machine"
check "remote, nothing there" auto 127.0.0.2 "$none_port" asterisk
check "remote, nothing there" asterisk 127.0.0.2 "$none_port" "error:nothing accepts connections on 127.0.0.2:$none_port"

check "unknown mode" simulator 127.0.0.1 "$none_port" "error:OUTDIAL_PBX must be auto, asterisk or sim, not 'simulator'"

# pbx_choice starts nothing: no pid file or log appeared.
leftovers=$(find "$OUTDIAL_DATA" -type f | wc -l)
if ((leftovers == 0)); then
  passed=$((passed + 1))
  echo "ok    pbx_choice left no pid file or log"
else
  failed=$((failed + 1))
  echo "FAIL  pbx_choice left files in $OUTDIAL_DATA: $(find "$OUTDIAL_DATA" -type f)"
fi

echo "pbx-choice: $passed passed, $failed failed"
((failed == 0))
