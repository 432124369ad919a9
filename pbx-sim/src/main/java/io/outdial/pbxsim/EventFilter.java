package io.outdial.pbxsim;

import java.util.Locale;
import java.util.StringTokenizer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One event filter of a manager session, built and matched as Asterisk 22's main/manager.c does
 * ({@code manager_add_filter}, {@code filter_cmp_fn}, {@code match_eventdata}).
 *
 * <p>A legacy filter (no match criteria) is a regular expression searched in the whole event text;
 * a leading {@code !} makes it an exclude filter. An advanced filter's criteria {@code
 * action(include|exclude),name(<Event>),header(<Header>),method(<method>)} may come in any order;
 * name and header are compared case-sensitively, the method is applied to the header's value (its
 * leading blanks skipped, empty values ignored) or, without a header, to the whole event text. The
 * default method of an advanced filter is {@code none}, which matches on name and header alone and
 * takes no pattern.
 *
 * <p>Asterisk compiles patterns as POSIX extended regular expressions without {@code REG_NEWLINE};
 * {@link Pattern} with {@link Pattern#DOTALL} stands in for that, with the POSIX character classes
 * ({@code [[:digit:]]} ...) translated. Known differences: Java reads {@code \d} as a digit and
 * accepts lookarounds (glibc: a literal {@code d}, an error), and some POSIX bracket expressions
 * ({@code []a]}) mean something else in Java or do not compile. Name-only filters, and header
 * filters with the string methods, involve no regular expression at all.
 */
final class EventFilter {

  /** Why Asterisk refuses a filter: each kind has its own {@code Message} in the response. */
  enum Refusal {
    FORMAT_ERROR,
    COMPILE_FAIL
  }

  /** A filter Asterisk would not add. {@link #getMessage()} says why, as Asterisk logs it. */
  static final class RefusedException extends Exception {
    private final Refusal refusal;

    RefusedException(Refusal refusal, String reason) {
      super(reason);
      this.refusal = refusal;
    }

    Refusal refusal() {
      return refusal;
    }
  }

  enum Method {
    REGEX,
    EXACT,
    STARTS_WITH,
    ENDS_WITH,
    CONTAINS,
    NONE
  }

  private static final String[][] POSIX_CLASSES = {
    {"[:alnum:]", "\\p{Alnum}"},
    {"[:alpha:]", "\\p{Alpha}"},
    {"[:blank:]", "\\p{Blank}"},
    {"[:cntrl:]", "\\p{Cntrl}"},
    {"[:digit:]", "\\p{Digit}"},
    {"[:graph:]", "\\p{Graph}"},
    {"[:lower:]", "\\p{Lower}"},
    {"[:print:]", "\\p{Print}"},
    {"[:punct:]", "\\p{Punct}"},
    {"[:space:]", "\\s"},
    {"[:upper:]", "\\p{Upper}"},
    {"[:xdigit:]", "\\p{XDigit}"},
  };

  private final boolean exclude;
  private final String eventName;
  private final String headerName;
  private final String headerKey;
  private final Method method;
  private final String pattern;
  private final Pattern regex;

  private EventFilter(
      boolean exclude, String eventName, String headerName, Method method, String pattern)
      throws RefusedException {
    this.exclude = exclude;
    this.eventName = eventName;
    this.headerName = headerName;
    this.headerKey = headerName == null ? null : headerKey(headerName);
    this.method = method;
    this.pattern = pattern;
    Pattern compiled = null;
    if (!pattern.isEmpty() && method == Method.REGEX) {
      try {
        compiled = Pattern.compile(posixToJava(pattern), Pattern.DOTALL);
      } catch (PatternSyntaxException e) {
        throw new RefusedException(
            Refusal.COMPILE_FAIL, "Unable to compile regex filter for '" + pattern + "'");
      }
    }
    this.regex = compiled;
  }

  /**
   * The filter of a {@code Filter} action's {@code MatchCriteria} and {@code Filter} headers (null
   * when absent), as action_filter turns them into manager.conf's {@code eventfilter(<criteria>) =
   * <pattern>}.
   */
  static EventFilter fromAction(String matchCriteria, String filter) throws RefusedException {
    String criteria =
        matchCriteria == null || matchCriteria.isEmpty()
            ? "eventfilter"
            : "eventfilter(" + matchCriteria + ")";
    return parse(criteria, filter == null ? "" : filter);
  }

  /**
   * A filter from manager.conf's form: {@code criteria} is {@code eventfilter} or {@code
   * eventfilter(<options>)}, {@code filterPattern} the value, possibly empty. Follows
   * manager_add_filter step by step, including its leniencies (an option is recognised by its first
   * letters, {@code name(a) name(b)} keeps the last one).
   */
  static EventFilter parse(String criteria, String filterPattern) throws RefusedException {
    if (criteria == null || criteria.isEmpty()) {
      throw format(criteria, filterPattern, "Missing criteria");
    }
    String filter = filterPattern == null ? "" : filterPattern;
    boolean exclude = false;
    if (filter.startsWith("!")) {
      exclude = true;
      filter = filter.substring(1);
    }
    int optionsStart = criteria.indexOf('(');
    if (optionsStart < 0) {
      if (filter.isEmpty()) {
        throw format(criteria, filterPattern, "Legacy filter with no filter pattern specified");
      }
      return new EventFilter(exclude, null, null, Method.REGEX, filter);
    }

    String options = strip(criteria.substring(optionsStart + 1));
    if (options.isEmpty() || !options.endsWith(")")) {
      throw format(criteria, filterPattern, "Filter options not formatted correctly");
    }
    Method method = Method.NONE;
    String eventName = null;
    String headerName = null;
    boolean found = false;
    boolean nameOrHeader = false;
    StringTokenizer tokens = new StringTokenizer(options, " ,)");
    while (tokens.hasMoreTokens()) {
      String option = tokens.nextToken();
      // Asterisk reads past a missing '(' of name, header and method (and crashes); refuse.
      int open = option.indexOf('(');
      String value = open < 0 ? null : strip(option.substring(open + 1));
      if (option.startsWith("action")) {
        if (value == null) {
          throw format(criteria, filterPattern, "'action' parameter not formatted correctly");
        }
        if (value.equals("include")) {
          exclude = false;
        } else if (value.equals("exclude")) {
          exclude = true;
        } else {
          throw format(criteria, filterPattern, "'action' option '" + value + "' is unknown");
        }
      } else if (option.startsWith("name")) {
        if (value == null || value.isEmpty()) {
          throw format(criteria, filterPattern, "'name' parameter not formatted correctly");
        }
        eventName = value;
        nameOrHeader = true;
      } else if (option.startsWith("header")) {
        if (value == null || value.isEmpty()) {
          throw format(criteria, filterPattern, "'header' parameter not formatted correctly");
        }
        headerName = value.endsWith(":") ? value : value + ":";
        nameOrHeader = true;
      } else if (option.startsWith("method")) {
        if (value == null || value.isEmpty()) {
          throw format(criteria, filterPattern, "'method' parameter not formatted correctly");
        }
        method = methodNamed(value);
        if (method == null) {
          throw format(criteria, filterPattern, "'method' option '" + value + "' is unknown");
        }
      } else {
        throw format(criteria, filterPattern, "Filter option '" + option + "' is unknown");
      }
      found = true;
    }
    if (!found) {
      throw format(criteria, filterPattern, "No action, name, header, or method option found");
    }
    if (filter.isEmpty() && method != Method.NONE) {
      throw format(
          criteria,
          filterPattern,
          "method can't be '"
              + method.name().toLowerCase(Locale.ROOT)
              + "' with no filter pattern");
    }
    if (!filter.isEmpty() && method == Method.NONE) {
      throw format(criteria, filterPattern, "method can't be 'none' with a filter pattern");
    }
    if (!nameOrHeader && method == Method.NONE) {
      throw format(criteria, filterPattern, "No name or header option found and no filter pattern");
    }
    return new EventFilter(exclude, eventName, headerName, method, filter);
  }

  boolean isExclude() {
    return exclude;
  }

  /** The event name the filter is limited to, or null. */
  String eventName() {
    return eventName;
  }

  /** The header the filter looks at, with its colon ({@code Channel:}), or null. */
  String headerName() {
    return headerName;
  }

  Method method() {
    return method;
  }

  /** Whether the event matches (what filter_cmp_fn reports; include or exclude is the caller's). */
  boolean matches(BroadcastEvent event) {
    if (eventName != null && !eventName.equals(event.name())) {
      return false;
    }
    if (headerName == null) {
      return matchesValue(event.text());
    }
    if (headerKey == null) {
      return false;
    }
    for (AmiMessage.Field field : event.message().fields()) {
      if (field.key().equals(headerKey)) {
        String value = skipBlanks(field.value());
        if (!value.isEmpty() && matchesValue(value)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean matchesValue(String data) {
    return switch (method) {
      case REGEX -> regex.matcher(data).find();
      case EXACT -> data.equals(pattern);
      case STARTS_WITH -> data.startsWith(pattern);
      case ENDS_WITH -> data.endsWith(pattern);
      case CONTAINS -> data.contains(pattern);
      case NONE -> true;
    };
  }

  /**
   * Asterisk looks for a line that begins with the header name (colon included). Every line of an
   * event is {@code Key: Value} with a key without colon, so only a name whose one colon is its
   * last character can begin a line, and then only the line of exactly that key.
   */
  private static String headerKey(String headerName) {
    int colon = headerName.indexOf(':');
    return colon == headerName.length() - 1 ? headerName.substring(0, colon) : null;
  }

  private static Method methodNamed(String name) {
    for (Method method : Method.values()) {
      if (method.name().toLowerCase(Locale.ROOT).equals(name)) {
        return method;
      }
    }
    return null;
  }

  private static String posixToJava(String posix) {
    String java = posix;
    for (String[] posixClass : POSIX_CLASSES) {
      java = java.replace(posixClass[0], posixClass[1]);
    }
    return java;
  }

  /** ast_skip_blanks: leading characters up to the space. */
  private static String skipBlanks(String text) {
    int start = 0;
    while (start < text.length() && text.charAt(start) < 33) {
      start++;
    }
    return text.substring(start);
  }

  /** ast_strip: leading blanks and trailing white space. */
  private static String strip(String text) {
    String skipped = skipBlanks(text);
    int end = skipped.length();
    while (end > 0 && Character.isWhitespace(skipped.charAt(end - 1))) {
      end--;
    }
    return skipped.substring(0, end);
  }

  private static RefusedException format(String criteria, String filterPattern, String reason) {
    return new RefusedException(
        Refusal.FORMAT_ERROR, "'" + criteria + " = " + filterPattern + "': " + reason);
  }

  @Override
  public String toString() {
    return (exclude ? "exclude" : "include")
        + (eventName == null ? "" : " name " + eventName)
        + (headerName == null ? "" : " header " + headerName)
        + " "
        + method.name().toLowerCase(Locale.ROOT)
        + (pattern.isEmpty() ? "" : " '" + pattern + "'");
  }
}
