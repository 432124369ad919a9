package io.outdial.api.errors;

import io.outdial.api.codes.CodeOrName;
import io.outdial.api.codes.CodeTable;
import io.outdial.store.Column;
import io.outdial.store.Json;
import io.outdial.workflows.AmiLimits;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Collects every rule a request breaks, so one 422 lists them all and nothing is written. The
 * checks return whether the value passed, so callers can skip checks that depend on it.
 */
public final class Violations {
  /** At most this many errors are listed by default; a request with more gives their count. */
  public static final int MAX_LISTED = 100;

  /** IANA region ids; a copy, since ZoneId.getAvailableZoneIds() builds a new set each call. */
  private static final Set<String> ZONE_IDS = Set.copyOf(ZoneId.getAvailableZoneIds());

  /** Channel variable names: they become {@code Variable: name=value} AMI headers. */
  public static final Pattern VARIABLE_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

  public static final int VARIABLE_NAME_MAX = 80;

  private final Violations root;
  private final String prefix;
  private final Long line;
  private final Integer index;
  private final java.util.function.UnaryOperator<String> rename;
  private final int maxListed;
  private final List<FieldError> errors = new ArrayList<>();
  private long count;

  public Violations() {
    this(MAX_LISTED);
  }

  /** Collects every error but lists at most {@code maxListed} of them. */
  public Violations(int maxListed) {
    this.root = this;
    this.prefix = "";
    this.line = null;
    this.index = null;
    this.rename = null;
    this.maxListed = maxListed;
  }

  private Violations(
      Violations root,
      String prefix,
      Long line,
      Integer index,
      java.util.function.UnaryOperator<String> rename) {
    this.root = root;
    this.prefix = prefix;
    this.line = line;
    this.index = index;
    this.rename = rename;
    this.maxListed = root.maxListed;
  }

  /** A view whose fields are named under {@code prefix}, like {@code [3].}; errors go here. */
  public Violations under(String prefix) {
    return new Violations(root, this.prefix + prefix, line, index, rename);
  }

  /** A view whose errors carry the physical line of a CSV row. */
  public Violations atLine(long physicalLine) {
    return new Violations(root, prefix, physicalLine, index, rename);
  }

  /** A view whose errors carry the array index of a JSON row. */
  public Violations atIndex(int arrayIndex) {
    return new Violations(root, prefix, line, arrayIndex, rename);
  }

  /** A view that renames fields before listing them (CSV columns for JSON field paths). */
  public Violations renamed(java.util.function.UnaryOperator<String> fieldName) {
    return new Violations(root, prefix, line, index, fieldName);
  }

  public void add(String field, String rule) {
    root.count++;
    if (root.errors.size() < root.maxListed) {
      String name = rename == null ? field : rename.apply(field);
      root.errors.add(new FieldError(prefix + name, rule, line, index));
    }
  }

  public boolean isEmpty() {
    return root.count == 0;
  }

  /** How many errors were found, listed or not. */
  public long count() {
    return root.count;
  }

  public List<FieldError> errors() {
    return List.copyOf(root.errors);
  }

  /** Throws a 422 listing every error, when there is any. */
  public void throwIfAny(String message) {
    long n = root.count;
    List<FieldError> listed = root.errors;
    if (n > 0) {
      String m =
          n > listed.size()
              ? message + " (" + n + " errors, the first " + listed.size() + " listed)"
              : message;
      throw ApiException.invalid(m, listed);
    }
  }

  // ---- checks ------------------------------------------------------------------------------

  /**
   * A required text: present, not blank, no control characters, and fitting {@code column} counted
   * the way the column counts (characters or bytes of UTF-8).
   */
  public boolean requiredText(String field, String value, Column column) {
    if (value == null || value.isBlank()) {
      add(field, "is required");
      return false;
    }
    return text(field, value, column);
  }

  /** An optional text: when present, no control characters and fitting {@code column}. */
  public boolean text(String field, String value, Column column) {
    if (value == null) {
      return true;
    }
    if (!noControl(field, value)) {
      return false;
    }
    if (!column.fits(value)) {
      add(field, column.rule());
      return false;
    }
    return true;
  }

  /** No character that could end an AMI header line or confuse a log line (a tab is fine). */
  public boolean noControl(String field, String value) {
    if (value != null && hasControl(value)) {
      add(field, "must not contain CR, LF or other control characters");
      return false;
    }
    return true;
  }

  /** An optional text that fits {@code column} and matches {@code pattern} entirely. */
  public boolean text(String field, String value, Column column, Pattern pattern) {
    return text(field, value, column, s -> pattern.matcher(s).matches(), pattern);
  }

  /**
   * {@link #text(String, String, Column, Pattern)} with {@code test} deciding what {@code pattern}
   * would (for checks that run for every row of an import, where the regex costs too much).
   */
  public boolean text(
      String field, String value, Column column, Predicate<String> test, Pattern pattern) {
    if (value == null) {
      return true;
    }
    if (!text(field, value, column)) {
      return false;
    }
    if (!test.test(value)) {
      add(field, "must match " + pattern.pattern());
      return false;
    }
    return true;
  }

  /**
   * At most {@code max} characters, for a text that something else than its column bounds more
   * tightly; {@code why} says what, in the rule.
   */
  public boolean atMostCharacters(String field, String value, int max, String why) {
    if (value != null && value.codePointCount(0, value.length()) > max) {
      add(field, "must be at most " + max + " characters (" + why + ")");
      return false;
    }
    return true;
  }

  /**
   * A value Asterisk reads as the manager header line {@code <header>: <value>}: the line must fit
   * the session's input buffer, or Asterisk refuses the whole action.
   */
  public boolean amiHeaderValue(String field, String value, String header) {
    int max = AmiLimits.valueBytes(header);
    if (value != null && Column.utf8Length(value) > max) {
      add(
          field,
          "must be at most "
              + max
              + " bytes of UTF-8 (it is sent as the AMI header line \""
              + header
              + ": <value>\", and Asterisk reads at most "
              + AmiLimits.LINE_BYTES
              + " bytes a line)");
      return false;
    }
    return true;
  }

  public boolean range(String field, Integer value, int min, int max) {
    if (value != null && (value < min || value > max)) {
      add(field, "must be between " + min + " and " + max);
      return false;
    }
    return true;
  }

  /** A number from {@code min} to {@code max}, both included (NaN and infinities are not). */
  public boolean range(String field, Double value, double min, double max) {
    if (value != null && !(value >= min && value <= max)) {
      add(field, "must be between " + plain(min) + " and " + plain(max));
      return false;
    }
    return true;
  }

  /** {@code d} as a client would write it: 0.01, 1000. */
  private static String plain(double d) {
    return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  /**
   * Channel variables of one layer (plan, destination, dial list or entry), which Originate sends
   * as one {@code Variable: name=value} header each: at most {@link AmiLimits#VARIABLES_PER_LAYER}
   * of them, names safe as header text, each line within what Asterisk reads, and the map, as the
   * store writes it, within {@code column}.
   */
  public boolean variables(String field, Map<String, String> vars, Column column) {
    if (vars == null) {
      return true;
    }
    if (vars.size() > AmiLimits.VARIABLES_PER_LAYER) {
      add(
          field,
          "must have at most "
              + AmiLimits.VARIABLES_PER_LAYER
              + " variables (those of"
              + " the plan, destination, dial list and entry all go into one Originate, and Asterisk"
              + " reads at most "
              + AmiLimits.MAX_HEADERS
              + " headers of one action)");
      return false;
    }
    boolean ok = true;
    for (Map.Entry<String, String> e : vars.entrySet()) {
      String name = e.getKey();
      String f = field + "." + name;
      if (!isVariableName(name)) {
        add(
            hasControl(name) ? field : f,
            "variable names must match "
                + VARIABLE_NAME.pattern()
                + " and be at most "
                + VARIABLE_NAME_MAX
                + " characters");
        ok = false;
        continue;
      }
      String value = e.getValue();
      if (value == null) {
        add(f, "must be a string");
        ok = false;
      } else if (hasControl(value)) {
        add(f, "must not contain CR, LF or other control characters");
        ok = false;
      } else if (Column.utf8Length(value) + AmiLimits.escapesIn(value)
          > variableValueMaxBytes(name)) {
        add(
            f,
            "must be at most "
                + variableValueMaxBytes(name)
                + " bytes of UTF-8, counting a"
                + " backslash before each \\ \" , ( ) [ ] (it is sent as the AMI header line"
                + " \"Variable: "
                + name
                + "=<value>\", and Asterisk reads at most "
                + AmiLimits.LINE_BYTES
                + " bytes a line)");
        ok = false;
      }
    }
    if (ok && !jsonFits(vars, column)) {
      add(field, column.rule() + " as JSON");
      ok = false;
    }
    return ok;
  }

  /**
   * Most bytes of UTF-8 the value of variable {@code name} may have: what {@link
   * AmiLimits#variableFits} decides, without encoding the value (imports check every row).
   */
  public static int variableValueMaxBytes(String name) {
    return AmiLimits.valueBytes("Variable") - name.length() - "=".length();
  }

  /**
   * Whether {@code vars}, as {@link Json#write} writes it, fits {@code column}. It is written only
   * when it might not fit: JSON takes at most 6 bytes for a character (a control character is
   * escaped as a backslash, a u and four hex digits), plus 6 for the quotes, colon and comma of
   * each variable.
   */
  static boolean jsonFits(Map<String, String> vars, Column column) {
    long bound = 2;
    for (Map.Entry<String, String> e : vars.entrySet()) {
      bound += 6L * (e.getKey().length() + e.getValue().length()) + 6;
    }
    return bound <= column.max || column.fits(Json.write(vars));
  }

  /**
   * A code given as its number or its name; an absent one is {@code defaultCode}, or "is required"
   * when that is null. Returns the code, or null when the value is not in the table.
   */
  public Integer code(String field, CodeOrName value, CodeTable table, Integer defaultCode) {
    if (value == null || value.value().isNull()) {
      if (defaultCode == null) {
        add(field, "is required");
      }
      return defaultCode;
    }
    return value
        .resolve(table)
        .orElseGet(
            () -> {
              add(field, "must be one of " + table.describe());
              return null;
            });
  }

  /** An id of another resource: a UUID as this API generates them. */
  public boolean uuid(String field, String value) {
    if (value == null) {
      return true;
    }
    if (!isUuid(value)) {
      add(field, "must be a UUID");
      return false;
    }
    return true;
  }

  public boolean zoneId(String field, String value) {
    if (value == null) {
      return true;
    }
    if (!text(field, value, Column.ENTRY_TIMEZONE)) {
      return false;
    }
    // Region ids only: an offset such as +02:00 has no daylight-saving rules, so it cannot
    // stand for where a customer lives.
    if (!ZONE_IDS.contains(value)) {
      add(field, "must be an IANA time zone such as Europe/Paris");
      return false;
    }
    return true;
  }

  /**
   * Whether {@code s} holds a character that could end an AMI header line or confuse a log line: an
   * ASCII control character (what {@code \\p{Cntrl}} matches) other than tab.
   */
  static boolean hasControl(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  public static boolean isVariableName(String name) {
    return name.length() <= VARIABLE_NAME_MAX && VARIABLE_NAME.matcher(name).matches();
  }

  public static boolean isUuid(String value) {
    if (value == null || value.length() != 36) {
      return false;
    }
    try {
      return UUID.fromString(value).toString().equalsIgnoreCase(value);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
