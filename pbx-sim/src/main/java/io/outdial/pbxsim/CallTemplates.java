package io.outdial.pbxsim;

import java.util.HashMap;
import java.util.Map;

/** The recordings the simulator replays, parsed once per JVM. */
final class CallTemplates {

  static final String ANSWER_APPLICATION = "answer-app";
  static final String BAD_TECHNOLOGY = "badtech";
  static final String HANGUP = "hangup-by-uniqueid";

  private static volatile CallTemplates instance;

  private final Map<String, CallTemplate> originateTemplates = new HashMap<>();
  private final CallTemplate hangup;

  private CallTemplates() {
    for (Outcome outcome : Outcome.values()) {
      originateTemplates.computeIfAbsent(
          outcome.recording(), name -> CallTemplate.afterOriginate(AmiTranscript.load(name)));
    }
    originateTemplates.put(
        ANSWER_APPLICATION, CallTemplate.afterOriginate(AmiTranscript.load(ANSWER_APPLICATION)));
    originateTemplates.put(
        BAD_TECHNOLOGY, CallTemplate.afterOriginate(AmiTranscript.load(BAD_TECHNOLOGY)));
    hangup = CallTemplate.afterHangup(AmiTranscript.load(HANGUP));
  }

  static CallTemplates get() {
    CallTemplates loaded = instance;
    if (loaded == null) {
      synchronized (CallTemplates.class) {
        loaded = instance;
        if (loaded == null) {
          loaded = new CallTemplates();
          instance = loaded;
        }
      }
    }
    return loaded;
  }

  /**
   * The template for an originate: by outcome, or {@link #ANSWER_APPLICATION} / {@link
   * #BAD_TECHNOLOGY}.
   */
  CallTemplate originate(String recording) {
    CallTemplate template = originateTemplates.get(recording);
    if (template == null) {
      throw new IllegalArgumentException("no template " + recording);
    }
    return template;
  }

  /** What the recording shows after a Hangup action on an answered call. */
  CallTemplate hangup() {
    return hangup;
  }
}
