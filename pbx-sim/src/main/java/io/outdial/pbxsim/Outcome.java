package io.outdial.pbxsim;

import java.util.Locale;

/**
 * How a simulated far end reacts to an originated call, each backed by the recording of a real
 * Asterisk call that ended that way ({@code targets} context of the recorded extensions.conf).
 */
public enum Outcome {
  /** Answers after 5 ms (as recorded), talks 2 s, hangs up: Reason 4, cause 16. */
  ANSWER("answer", "answer", 5, 2_000),
  /** As {@link #ANSWER} but talks 30 s, like the recorded {@code answer-long} extension. */
  ANSWER_LONG("answer-long", "answer", 5, 30_000),
  /** Reason 5; cause 0 on {@code ;1}, 17 on {@code ;2}. */
  BUSY("busy", "busy", -1, 0),
  /** Reason 8; cause 0 on {@code ;1}, 34 on {@code ;2}. */
  CONGESTION("congestion", "congestion", -1, 0),
  /** Rings until the originate's Timeout: Reason 3, cause 19, no DialEnd. */
  NOANSWER("noanswer", "noanswer", -1, 0),
  /** Reason 0, cause 1. */
  UNALLOCATED("unallocated", "unallocated", -1, 0),
  /** Reason 0, cause 21. */
  REJECT("reject", "reject", -1, 0),
  /**
   * Reason 0, cause 0, channels but no dial events: what a Local call into a missing context gives.
   */
  FAILURE("failure", "nonexistent-context", -1, 0);

  private final String wireName;
  private final String recording;
  private final long defaultAnswerAfterMs;
  private final long defaultHangupAfterMs;

  Outcome(String wireName, String recording, long defaultAnswerAfterMs, long defaultHangupAfterMs) {
    this.wireName = wireName;
    this.recording = recording;
    this.defaultAnswerAfterMs = defaultAnswerAfterMs;
    this.defaultHangupAfterMs = defaultHangupAfterMs;
  }

  /** The name used in rules and as a dialable number, e.g. {@code answer-long}. */
  public String wireName() {
    return wireName;
  }

  /** The recording whose events this outcome replays (for Context/Exten originates). */
  String recording() {
    return recording;
  }

  public boolean isAnswered() {
    return this == ANSWER || this == ANSWER_LONG;
  }

  /**
   * For answered calls the delay from dialling to answer; for busy, congestion, unallocated and
   * reject the delay before the far end reacts; -1 means "as recorded".
   */
  long defaultAnswerAfterMs() {
    return defaultAnswerAfterMs;
  }

  /** For answered calls, how long the call stays up after the answer. */
  long defaultHangupAfterMs() {
    return defaultHangupAfterMs;
  }

  /** The outcome with that name (case ignored), or null. */
  public static Outcome fromName(String name) {
    if (name == null) {
      return null;
    }
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (Outcome outcome : values()) {
      if (outcome.wireName.equals(wanted)) {
        return outcome;
      }
    }
    return null;
  }
}
