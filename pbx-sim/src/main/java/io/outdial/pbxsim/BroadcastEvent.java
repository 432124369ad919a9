package io.outdial.pbxsim;

import java.nio.charset.StandardCharsets;

/**
 * An event on its way to every session, encoded once: its name (for name filters), its fields (for
 * header filters), its text (for filters on the whole event, as Asterisk matches its {@code
 * eventdata}) and the bytes that go on the wire. None of these is computed per session.
 */
final class BroadcastEvent {

  private final AmiMessage message;
  private final String name;
  private final String text;
  private final byte[] wire;

  private BroadcastEvent(AmiMessage message, String text) {
    this.message = message;
    this.name = message.eventName();
    this.text = text;
    this.wire = text.getBytes(StandardCharsets.UTF_8);
  }

  static BroadcastEvent of(AmiMessage message) {
    return new BroadcastEvent(message, message.toWire());
  }

  /** The {@code Event} header's value, or null if the message has none. */
  String name() {
    return name;
  }

  AmiMessage message() {
    return message;
  }

  /** The event as text, {@code Key: Value} lines and the closing empty line. */
  String text() {
    return text;
  }

  byte[] wire() {
    return wire;
  }
}
