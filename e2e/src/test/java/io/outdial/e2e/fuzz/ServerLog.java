package io.outdial.e2e.fuzz;

import io.outdial.e2e.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The api-server's own words about a 500: its answer says only "logged as <id>", and the log line
 * of that id is followed by the exception, whose first line usually says what broke (a column too
 * small, a value the database refuses).
 */
final class ServerLog {
  private static final Pattern LOGGED_AS = Pattern.compile("logged as ([0-9a-f]+)");

  private final Stack stack;

  ServerLog(Stack stack) {
    this.stack = stack;
  }

  /** "; the api-server logged: <exception>", or "" when the body names no log entry. */
  String cause(String body) {
    Matcher m = LOGGED_AS.matcher(body == null ? "" : body);
    Path log = stack.logOf("api-server");
    if (!m.find() || log == null) {
      return "";
    }
    try {
      List<String> lines = Files.readAllLines(log);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(m.group(1))) {
          for (int j = i + 1; j < Math.min(lines.size(), i + 5); j++) {
            String l = lines.get(j);
            if (l.startsWith("! ") && !l.startsWith("! at ")) {
              String cause = l.substring(2);
              return "; the api-server logged: "
                  + (cause.length() > 400 ? cause.substring(0, 400) + "…" : cause);
            }
          }
        }
      }
    } catch (IOException e) {
      return "; the api-server log could not be read: " + e;
    }
    return "";
  }
}
