package io.outdial.api.codes;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One numeric code table of PRODUCT.md 3: code to short upper-case name. The numbers are our users'
 * vocabulary, so the API shows the name beside every code and accepts either on input.
 */
public final class CodeTable {
  /** The name shown for a code that is not in the table (a newer worker may record one). */
  public static final String UNKNOWN = "UNKNOWN";

  private final String kind;
  private final Map<Integer, String> names;
  private final Map<String, Integer> codes;

  private CodeTable(String kind, Map<Integer, String> names) {
    this.kind = kind;
    this.names = Collections.unmodifiableMap(new LinkedHashMap<>(names));
    Map<String, Integer> byName = new LinkedHashMap<>();
    names.forEach(
        (code, name) -> {
          if (byName.put(name, code) != null) {
            throw new IllegalArgumentException(kind + ": name " + name + " is used twice");
          }
        });
    this.codes = Collections.unmodifiableMap(byName);
  }

  /** Builds a table from alternating code and name arguments: {@code of("x", 0, "A", 1, "B")}. */
  public static CodeTable of(String kind, Object... codeNamePairs) {
    if (codeNamePairs.length % 2 != 0) {
      throw new IllegalArgumentException(kind + ": codes and names must come in pairs");
    }
    Map<Integer, String> names = new LinkedHashMap<>();
    for (int i = 0; i < codeNamePairs.length; i += 2) {
      int code = (Integer) codeNamePairs[i];
      String name = (String) codeNamePairs[i + 1];
      if (names.put(code, name) != null) {
        throw new IllegalArgumentException(kind + ": code " + code + " is used twice");
      }
    }
    return new CodeTable(kind, names);
  }

  /** What the codes are of, e.g. "dial result"; used in error messages. */
  public String kind() {
    return kind;
  }

  public boolean contains(int code) {
    return names.containsKey(code);
  }

  /** The name of a code, {@link #UNKNOWN} for a code outside the table. */
  public String name(int code) {
    return names.getOrDefault(code, UNKNOWN);
  }

  /** The name of a code that may be absent; null stays null. */
  public String nameOrNull(Integer code) {
    return code == null ? null : name(code);
  }

  /** The code of a name, case-insensitive. */
  public Optional<Integer> code(String name) {
    return Optional.ofNullable(codes.get(name.trim().toUpperCase(Locale.ROOT)));
  }

  /** Code to name, in table order. */
  public Map<Integer, String> entries() {
    return names;
  }

  /** "0 (NONE), 1 (PREDICTIVE)": the allowed values, for an error's rule. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    names.forEach(
        (code, name) -> {
          if (sb.length() > 0) {
            sb.append(", ");
          }
          sb.append(code).append(" (").append(name).append(')');
        });
    return sb.toString();
  }
}
