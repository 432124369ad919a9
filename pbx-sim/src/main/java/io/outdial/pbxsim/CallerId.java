package io.outdial.pbxsim;

/**
 * A caller id as the Originate action's {@code CallerID} gives it: {@code "Name" <number>}, {@code
 * Name <number>}, {@code <number>} or a bare number. Missing parts are shown as {@code <unknown>}
 * in channel events, as Asterisk does.
 */
public record CallerId(String name, String number) {

  static final String UNKNOWN = "<unknown>";

  public static final CallerId NONE = new CallerId(null, null);

  public static CallerId parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return NONE;
    }
    String text = raw.trim();
    int open = text.lastIndexOf('<');
    int close = text.lastIndexOf('>');
    if (open >= 0 && close > open) {
      String number = text.substring(open + 1, close).trim();
      String name = text.substring(0, open).trim();
      if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
        name = name.substring(1, name.length() - 1);
      }
      return new CallerId(name.isEmpty() ? null : name, number.isEmpty() ? null : number);
    }
    if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
      return new CallerId(text.substring(1, text.length() - 1), null);
    }
    return text.chars().allMatch(c -> Character.isDigit(c) || c == '+' || c == '*' || c == '#')
        ? new CallerId(null, text)
        : new CallerId(text, null);
  }

  /** The number as channel events show it. */
  public String numberOrUnknown() {
    return number == null ? UNKNOWN : number;
  }

  /** The name as channel events show it. */
  public String nameOrUnknown() {
    return name == null ? UNKNOWN : name;
  }

  /** The form a Cdr event's {@code CallerID} field takes, e.g. {@code "ACME Test" <5551234>}. */
  public String cdrForm() {
    if (name == null && number == null) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    if (name != null) {
      text.append('"').append(name).append("\" ");
    }
    return text.append('<').append(number == null ? "" : number).append('>').toString();
  }

  /** The Cdr event's {@code Source}: the number, or empty. */
  public String cdrSource() {
    return number == null ? "" : number;
  }
}
