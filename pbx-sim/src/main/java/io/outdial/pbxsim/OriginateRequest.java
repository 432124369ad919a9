package io.outdial.pbxsim;

import java.util.ArrayList;
import java.util.List;

/**
 * An Originate action as the simulator uses it. {@code timeoutMs} defaults to Asterisk's 30 s when
 * the action gives none.
 */
record OriginateRequest(
    String actionId,
    String channel,
    DialString dial,
    String context,
    String exten,
    String application,
    String data,
    long timeoutMs,
    CallerId callerId,
    List<Variable> variables,
    String channelId,
    String otherChannelId) {

  static final long DEFAULT_TIMEOUT_MS = 30_000;

  /** A channel variable set by the originate ({@code Variable: name=value}). */
  record Variable(String name, String value) {}

  /** Why Asterisk would refuse the action outright; the message is what it answers. */
  static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedException(String asteriskMessage) {
      super(asteriskMessage);
    }
  }

  static OriginateRequest from(AmiMessage action) throws RefusedException {
    String channel = action.get("Channel");
    if (channel == null || channel.isBlank()) {
      throw new RefusedException("Channel not specified");
    }
    DialString dial = DialString.parse(channel.trim());
    if (dial == null) {
      throw new RefusedException("Invalid channel");
    }
    long timeout = DEFAULT_TIMEOUT_MS;
    String timeoutText = action.get("Timeout");
    if (timeoutText != null && !timeoutText.isBlank()) {
      try {
        timeout = Long.parseLong(timeoutText.trim());
      } catch (NumberFormatException e) {
        throw new RefusedException("Invalid timeout");
      }
      if (timeout <= 0) {
        timeout = DEFAULT_TIMEOUT_MS;
      }
    }
    List<Variable> variables = new ArrayList<>();
    for (String header : action.getAll("Variable")) {
      // Asterisk splits each Variable header into name=value items as it splits application
      // arguments, so one header may set several variables.
      for (String assignment : separateArguments(header.stripLeading())) {
        int equals = assignment.indexOf('=');
        if (equals > 0) {
          variables.add(
              new Variable(assignment.substring(0, equals), assignment.substring(equals + 1)));
        }
      }
    }
    return new OriginateRequest(
        action.actionId(),
        channel.trim(),
        dial,
        blankToNull(action.get("Context")),
        blankToNull(action.get("Exten")),
        blankToNull(action.get("Application")),
        action.get("Data"),
        timeout,
        CallerId.parse(action.get("CallerID")),
        List.copyOf(variables),
        blankToNull(action.get("ChannelId")),
        blankToNull(action.get("OtherChannelId")));
  }

  /**
   * Splits {@code text} at commas the way Asterisk's {@code __ast_app_separate_args} does with
   * quote removal (AST_STANDARD_APP_ARGS): not inside double quotes, parentheses or brackets;
   * double quotes are dropped; a backslash is dropped and the character after it kept as it is.
   * Checked against Asterisk 22.10.1: "Smith, X=evil" is two items, "Smith\, X=evil" one.
   */
  static List<String> separateArguments(String text) {
    List<String> items = new ArrayList<>();
    StringBuilder item = new StringBuilder();
    int parens = 0;
    int brackets = 0;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\') {
        if (i + 1 < text.length()) {
          item.append(text.charAt(++i));
        }
      } else if (c == ',' && !quoted && parens == 0 && brackets == 0) {
        items.add(item.toString());
        item.setLength(0);
      } else {
        if (!quoted) {
          if (c == '[') {
            brackets++;
          } else if (c == ']' && brackets > 0) {
            brackets--;
          } else if (c == '(') {
            parens++;
          } else if (c == ')' && parens > 0) {
            parens--;
          }
        }
        item.append(c);
      }
    }
    items.add(item.toString());
    return items;
  }

  boolean isApplication() {
    return application != null;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
