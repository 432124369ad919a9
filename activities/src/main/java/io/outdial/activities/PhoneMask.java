package io.outdial.activities;

/** Phone numbers never reach a log whole: all but the last three characters are starred. */
public final class PhoneMask {
  private PhoneMask() {}

  public static String mask(String number) {
    if (number == null) {
      return null;
    }
    int keep = Math.min(3, number.length());
    return "*".repeat(number.length() - keep) + number.substring(number.length() - keep);
  }

  /** Masks the number inside a dial string such as {@code PJSIP/5551234@trunk}. */
  public static String maskDialString(String dialString) {
    if (dialString == null) {
      return null;
    }
    int slash = dialString.indexOf('/');
    int at = dialString.indexOf('@', slash + 1);
    int end = at < 0 ? dialString.length() : at;
    if (slash < 0 || end <= slash + 1) {
      return dialString;
    }
    return dialString.substring(0, slash + 1)
        + mask(dialString.substring(slash + 1, end))
        + dialString.substring(end);
  }
}
