#!/usr/bin/env python3
"""Records the `filter` and `filter-legacy` AMI transcripts from a real Asterisk.

Usage: record-filter.py SCENARIO OUTDIR [HOST [PORT]]   (SCENARIO: filter | filter-legacy)
       record-filter.py --check-timeline DIR          (re-derives every .timeline's fields)

Writes OUTDIR/<SCENARIO>.ami (the exact bytes Asterisk sent, CRLF, with each action inserted
between the SENT BY CLIENT / END SENT marker lines) and OUTDIR/<SCENARIO>.timeline (one line per
message with its arrival time), in the format of the other recordings in
pbx-sim/src/main/resources/ami-transcripts. A second connection (the observer) logs in after the
filters are in place and stays unfiltered; its messages go to OUTDIR/<SCENARIO>-observer.ami so
that what a filtered session is spared can be counted. Python 3 standard library only.

The Asterisk it was run against (22.10.1, the recordings' version; about 75 s to build on 2 cores):
  apt-get install build-essential libedit-dev libjansson-dev libxml2-dev uuid-dev \
      libsqlite3-dev libssl-dev pkg-config
  git archive 22.10.1 (asterisk/asterisk) | tar x; cd asterisk-22.10.1
  ./configure --prefix=/tmp/ast --without-pjproject --without-libjwt --disable-xmldoc
  make menuselect.makeopts; disable every category with menuselect/menuselect
      --disable-category MENUSELECT_<X> menuselect.makeopts, then --enable app_dial app_queue
      app_playback app_echo app_stack app_verbose app_exec pbx_config res_parking bridge_simple
      bridge_holding bridge_builtin_features bridge_builtin_interval_features cdr_manager
      res_musiconhold chan_bridge_media codec_ulaw codec_alaw codec_gsm format_wav format_pcm
      format_gsm res_timing_timerfd func_channel func_callerid func_strings func_logic
      res_sorcery_config res_sorcery_memory res_sorcery_astdb res_sorcery_realtime
  make -j2 && make install
  config dir: extensions.conf, manager.conf, queues.conf of ami-transcripts/, modules.conf
      ([modules] autoload = yes), cdr_manager.conf ([general] enabled = yes), and an
      asterisk.conf whose [directories] point astetcdir at it and the rest under /tmp/ast
  /tmp/ast/sbin/asterisk -f -C <config dir>/asterisk.conf   (as root; AMI on 127.0.0.1:5038)
"""

import os
import re
import socket
import sys
import threading
import time
import uuid

USER, SECRET = "dialer", "s3cret"

# The fields a timeline line shows, in this order (derived from the existing .timeline files;
# --check-timeline verifies it against them).
RECV_KEYS = [
    "Response", "Event", "ActionID", "Message", "EventList", "ListItems", "Channel", "Uniqueid",
    "Linkedid", "ChannelState", "ChannelStateDesc", "Reason", "Application", "AppData",
    "Variable", "Value", "Cause", "Cause-txt", "DialStatus", "Disposition", "Context", "Exten",
    "Priority", "DestChannel", "Queue",
]
# Operation, MatchCriteria and Filter are new here: they are what the filter scenarios are about.
SENT_KEYS = ["Action", "ActionID", "Operation", "MatchCriteria", "Filter", "Channel", "Exten",
             "Timeout", "ChannelId"]

START = ";;;;;;;; >>> SENT BY CLIENT (t=%.3fs) >>> ;;;;;;;;\r\n"
END = ";;;;;;;; <<< END SENT <<< ;;;;;;;;\r\n"
CLOSED = ";;;;;;;; <connection closed by server> ;;;;;;;;\r\n"


def fields(raw):
    """The Key: Value pairs of one message, in order."""
    out = []
    for line in raw.split("\r\n"):
        if ":" in line:
            key, value = line.split(":", 1)
            out.append((key.strip(), value[1:] if value.startswith(" ") else value))
    return out


def recv_summary(raw):
    pairs = fields(raw)
    shown = []
    for key in RECV_KEYS:
        for k, v in pairs:
            if k == key:
                shown.append("%s=%s" % (k, v))
                break
    return " | ".join(shown)


def sent_summary(action):
    shown = []
    for key in SENT_KEYS:
        for k, v in action:
            if k == key:
                shown.append("%s=%s" % (k, v))
                break
    return " ".join(shown)


class Recorder:
    """One manager connection: a reader thread keeps every server message with its arrival time."""

    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port))
        self.t0 = time.monotonic()
        self.lock = threading.Condition()
        self.buffer = b""
        self.banner = None
        self.entries = []  # ("recv", t, raw) | ("sent", t, action) | ("closed", t)
        self.closed = False
        threading.Thread(target=self._read, daemon=True).start()

    def now(self):
        return time.monotonic() - self.t0

    def _read(self):
        while True:
            data = self.sock.recv(65536)
            t = self.now()
            with self.lock:
                if not data:
                    self.closed = True
                    self.entries.append(("closed", t))
                    self.lock.notify_all()
                    return
                self.buffer += data
                if self.banner is None and b"\r\n" in self.buffer:
                    line, self.buffer = self.buffer.split(b"\r\n", 1)
                    self.banner = (t, line.decode("latin-1"))
                while b"\r\n\r\n" in self.buffer:
                    raw, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
                    self.entries.append(("recv", t, raw.decode("latin-1") + "\r\n\r\n"))
                self.lock.notify_all()

    def send(self, *pairs):
        with self.lock:
            self.lock.wait_for(lambda: self.banner is not None or self.closed, 5)
            # A message Asterisk had begun to send before this action belongs before it.
            while self.buffer and not self.closed:
                self.lock.wait(0.5)
            text = "".join("%s: %s\r\n" % (k, v) for k, v in pairs) + "\r\n"
            t = self.now()
            self.entries.append(("sent", t, list(pairs)))
            self.sock.sendall(text.encode("latin-1"))

    def wait_closed(self, timeout):
        with self.lock:
            self.lock.wait_for(lambda: self.closed, timeout)

    def received(self):
        with self.lock:
            return [e[2] for e in self.entries if e[0] == "recv"]

    def write(self, path_base):
        with self.lock:
            entries = list(self.entries)
            banner_t, banner = self.banner
        ami = [banner + "\r\n"]
        timeline = ["%8.3f BANNER %s" % (banner_t, banner)]
        for entry in entries:
            if entry[0] == "recv":
                ami.append(entry[2])
                timeline.append("%8.3f RECV %s" % (entry[1], recv_summary(entry[2])))
            elif entry[0] == "sent":
                action = entry[2]
                ami.append(START % entry[1])
                ami.append("".join("%s: %s\r\n" % (k, v) for k, v in action) + "\r\n")
                ami.append(END)
                timeline.append("%8.3f SENT %s" % (entry[1], sent_summary(action)))
            else:
                ami.append(CLOSED)
                timeline.append("%8.3f <connection closed by server>" % entry[1])
        with open(path_base + ".ami", "wb") as f:
            f.write("".join(ami).encode("latin-1"))
        with open(path_base + ".timeline", "w") as f:
            f.write("\n".join(timeline) + "\n")


def at(recorder, seconds):
    """Sleeps until `seconds` after the connect, so the actions keep the other recordings' pace."""
    delay = seconds - recorder.now()
    if delay > 0:
        time.sleep(delay)


def add_filter(rec, action_id, criteria=None, pattern=None, operation="Add"):
    pairs = [("Action", "Filter")]
    if operation is not None:
        pairs.append(("Operation", operation))
    if criteria is not None:
        pairs.append(("MatchCriteria", criteria))
    if pattern is not None:
        pairs.append(("Filter", pattern))
    pairs.append(("ActionID", action_id))
    rec.send(*pairs)


def record(scenario, outdir, host, port):
    rec = Recorder(host, port)
    step = 0.25
    t = 1.0
    at(rec, t)
    rec.send(("Action", "Login"), ("Username", USER), ("Secret", SECRET),
             ("ActionID", scenario + "-login"))
    if scenario == "filter":
        filters = [
            ("name-originateresponse", "name(OriginateResponse)", None, "Add"),
            ("name-newchannel", "name(Newchannel)", None, "Add"),
            ("name-hangup", "name(Hangup)", None, "Add"),
            ("name-dialbegin", "name(DialBegin)", None, "Add"),
            ("name-dialend", "name(DialEnd)", None, "Add"),
            # refused: a method other than none needs a Filter pattern
            ("regex-without-pattern", "name(Hangup),method(regex)", None, "Add"),
            # refused: the default method of an advanced filter is none, which takes no pattern
            ("pattern-without-method", "name(Hangup)", "Cause: 16", "Add"),
            # refused: unknown option
            ("unknown-option", "foo(bar)", None, "Add"),
            # refused: the regex does not compile
            ("bad-regex", "header(Cause),method(regex)", "(", "Add"),
            ("remove", "name(Hangup)", None, "Remove"),
            ("no-operation", "name(Hangup)", None, None),
        ]
    else:
        filters = [
            ("hangup", None, "Event: Hangup", "Add"),
            ("originateresponse", None, "Event: OriginateResponse", "Add"),
            ("exclude-agent", None, "!Channel: Local/agent1@", "Add"),
            # refused: a legacy filter needs a pattern ('!' alone leaves none)
            ("empty", None, "!", "Add"),
            # refused: the regex does not compile
            ("bad-regex", None, "Event: (", "Add"),
        ]
    for name, criteria, pattern, operation in filters:
        t += step
        at(rec, t)
        add_filter(rec, scenario + "-" + name, criteria, pattern, operation)

    # The observer logs in after the filters: its SuccessfulAuth is a broadcast event too.
    t += step
    at(rec, t)
    observer = Recorder(host, port)
    observer.send(("Action", "Login"), ("Username", USER), ("Secret", SECRET),
                  ("ActionID", scenario + "-observer-login"))

    t = max(t + step, 5.0)
    at(rec, t)
    channel_id = str(uuid.uuid4())
    rec.send(("Action", "Originate"),
             ("ActionID", "%s-orig-%08d" % (scenario, int(time.time()) % 100000000)),
             ("Channel", "Local/answer@targets"), ("Context", "agents"), ("Exten", "sales"),
             ("Priority", "1"), ("Timeout", "30000"), ("CallerID", '"ACME Test" <5551234>'),
             ("Variable", "a=b"), ("Async", "true"), ("ChannelId", channel_id))
    at(rec, t + 0.75)
    rec.send(("Action", "CoreShowChannels"), ("ActionID", scenario + "-list"))
    at(rec, t + 1.0)
    rec.send(("Action", "QueueSummary"), ("Queue", "sales"), ("ActionID", scenario + "-qsummary"))
    # The call talks about 2 s; wait for its legs' Hangups on the observer, then 3 s more.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        hangups = [m for m in observer.received()
                   if m.startswith("Event: Hangup\r\n") and channel_id in m]
        if len(hangups) >= 4:
            break
        time.sleep(0.1)
    time.sleep(3)
    rec.send(("Action", "Logoff"), ("ActionID", scenario + "-logoff"))
    observer.send(("Action", "Logoff"), ("ActionID", scenario + "-observer-logoff"))
    rec.wait_closed(5)
    observer.wait_closed(5)
    rec.write(os.path.join(outdir, scenario))
    observer.write(os.path.join(outdir, scenario + "-observer"))


def check_timeline(directory):
    """Re-derives each recording's timeline fields from its .ami and compares (times aside)."""
    bad = 0
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".ami") or not os.path.exists(
                os.path.join(directory, name[:-4] + ".timeline")):
            continue
        text = open(os.path.join(directory, name), "rb").read().decode("latin-1")
        recorded = [re.sub(r"^\s*[0-9.]+ ", "", line) for line in
                    open(os.path.join(directory, name[:-4] + ".timeline")).read().splitlines()]
        derived = []
        body = text.split("\r\n", 1)
        derived.append("BANNER " + body[0])
        rest = body[1]
        pattern = re.compile(r";;;;;;;; >>> SENT BY CLIENT.*?\r\n(.*?)" + re.escape(END), re.S)
        pos = 0
        for m in list(pattern.finditer(rest)) + [None]:
            chunk = rest[pos:m.start()] if m else rest[pos:]
            closed = CLOSED in chunk
            chunk = chunk.replace(CLOSED, "")
            for raw in [c for c in chunk.split("\r\n\r\n") if c]:
                derived.append("RECV " + recv_summary(raw + "\r\n\r\n"))
            if closed:
                derived.append("<connection closed by server>")
            if m:
                derived.append("SENT " + sent_summary(fields(m.group(1))))
                pos = m.end()
        if derived != recorded:
            bad += 1
            for i, (a, b) in enumerate(zip(derived, recorded)):
                if a != b:
                    print("%s line %d:\n  derived  %s\n  recorded %s" % (name, i, a, b))
                    break
            else:
                print("%s: %d derived lines, %d recorded" % (name, len(derived), len(recorded)))
    print("timelines that differ:", bad)
    return bad


if __name__ == "__main__":
    if sys.argv[1] == "--check-timeline":
        sys.exit(1 if check_timeline(sys.argv[2]) else 0)
    record(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1",
           int(sys.argv[4]) if len(sys.argv) > 4 else 5038)
