package io.outdial.workflows;

import java.util.Arrays;

/** Dialing status codes of an attempt (PRODUCT.md 3.2); the numbers are our users' vocabulary. */
public enum DialingStatus {
  NONE(0),
  ORIGINATE_SENT(1),
  DIALING_BEGIN(2),
  CHANNEL_CREATE(3),
  DIALING_END(4),
  ORIGINATE_RESPONSE(5),
  HANGUP(6),
  ERROR(10);

  private final int code;

  DialingStatus(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /**
   * The name an operator reads beside {@code code} in a payload; a code this enum does not know is
   * shown as such rather than refused, so a payload is never lost over its name.
   */
  public static String nameOf(int code) {
    return Arrays.stream(values())
        .filter(s -> s.code == code)
        .findFirst()
        .map(Enum::name)
        .orElse("UNKNOWN_" + code);
  }
}
