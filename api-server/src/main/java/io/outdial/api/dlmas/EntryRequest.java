package io.outdial.api.dlmas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.outdial.api.errors.Violations;
import io.outdial.store.Column;
import io.outdial.store.Rows;
import io.outdial.store.Rows.EntryRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One customer of {@code POST /v1/dlmas/{id}/entries} (and the body of {@code PUT
 * /v1/dlmas/{id}/entries/{entryId}}). {@code numbers} has up to 8 slots, tried in order; an empty
 * or null slot is absent, and at least one number is required. The server-kept fields of an entry
 * read ({@link #READ_ONLY}) are ignored.
 */
@JsonIgnoreProperties({
  "id",
  "dlma",
  "status",
  "statusName",
  "tryCounts",
  "resDial",
  "resDialName",
  "resHangup",
  "resHangupName",
  "lastDialAt",
  "lastHangupAt"
})
public record EntryRequest(
    String name,
    String detail,
    List<String> numbers,
    String email,
    String ukey,
    Map<String, String> variables,
    String timezone) {

  /** Fields of an entry read that a write ignores (the server keeps them). */
  public static final java.util.Set<String> READ_ONLY =
      java.util.Set.of(
          "id",
          "dlma",
          "status",
          "statusName",
          "tryCounts",
          "resDial",
          "resDialName",
          "resHangup",
          "resHangupName",
          "lastDialAt",
          "lastHangupAt");

  /** Whether going from {@code a} to {@code b} changes what is dialled. */
  public static boolean changesDialing(EntryRow a, EntryRow b) {
    return !a.numbers().equals(b.numbers())
        || !a.variables().equals(b.variables())
        || !java.util.Objects.equals(a.timezone(), b.timezone());
  }

  /** What a dialled number may hold: it becomes part of the AMI Channel header. */
  static final Pattern NUMBER = Pattern.compile("^[0-9A-Za-z+*#_\\-]+$");

  private static final String[] NUMBER_FIELDS = new String[Rows.NUMBER_SLOTS];

  static {
    for (int i = 0; i < NUMBER_FIELDS.length; i++) {
      NUMBER_FIELDS[i] = "numbers[" + i + "]";
    }
  }

  // Spelt out rather than \s, which JSON Schema validators (ECMAScript) read as every Unicode
  // blank: the rule a 422 gives, and the OpenAPI document's pattern, mean one thing everywhere.
  // Control characters (tab included) are refused as blanks are; no text may hold them anyway.
  static final Pattern EMAIL = Pattern.compile("^[^@\\x00-\\x20\\x7F]+@[^@\\x00-\\x20\\x7F]+$");

  /**
   * Checks this entry, naming fields under {@code v}'s prefix; returns the row, or null when
   * invalid.
   */
  public EntryRow toRow(String id, String dlmaId, Violations v) {
    boolean ok = v.text("name", name, Column.ENTRY_NAME);
    ok &= v.text("detail", detail, Column.ENTRY_DETAIL);
    List<String> slots = numbers(v);
    ok &= slots != null;
    ok &= v.text("email", email, Column.ENTRY_EMAIL, EntryRequest::isEmail, EMAIL);
    ok &= v.text("ukey", ukey, Column.ENTRY_UKEY);
    ok &= v.variables("variables", variables, Column.ENTRY_VARIABLES);
    ok &= v.zoneId("timezone", timezone);
    if (!ok) {
      return null;
    }
    return new EntryRow(
        id,
        dlmaId,
        name,
        detail,
        slots,
        emptyToNull(email),
        emptyToNull(ukey),
        variables == null ? Map.of() : new LinkedHashMap<>(variables),
        emptyToNull(timezone),
        EntryRow.STATUS_IDLE,
        Collections.nCopies(Rows.NUMBER_SLOTS, 0),
        null,
        null,
        null,
        null);
  }

  /** The 8 number slots ("" when absent), or null after recording what is wrong. */
  private List<String> numbers(Violations v) {
    if (numbers != null && numbers.size() > Rows.NUMBER_SLOTS) {
      v.add("numbers", "must have at most " + Rows.NUMBER_SLOTS + " numbers");
      return null;
    }
    boolean ok = true;
    boolean any = false;
    List<String> slots = new ArrayList<>(Rows.NUMBER_SLOTS);
    for (int i = 0; i < Rows.NUMBER_SLOTS; i++) {
      String n = numbers != null && i < numbers.size() ? numbers.get(i) : null;
      if (n == null || n.isEmpty()) {
        slots.add("");
        continue;
      }
      String field = NUMBER_FIELDS[i];
      if (v.text(field, n, Column.ENTRY_NUMBER)) {
        if (isNumber(n)) {
          any = true;
        } else {
          v.add(field, "may hold only digits, letters, +, *, #, - and _");
          ok = false;
        }
      } else {
        ok = false;
      }
      slots.add(n);
    }
    if (ok && !any) {
      v.add("numbers", "must hold at least one number");
      return null;
    }
    return ok ? List.copyOf(slots) : null;
  }

  /** What {@link #NUMBER} matches, without a regex (this runs a million times an import). */
  static boolean isNumber(String n) {
    if (n.isEmpty()) {
      return false;
    }
    for (int i = 0, len = n.length(); i < len; i++) {
      char c = n.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || c == '+'
              || c == '*'
              || c == '#'
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** What {@link #EMAIL} matches, without a regex: one @, no blank or control either side. */
  static boolean isEmail(String s) {
    int at = -1;
    for (int i = 0, len = s.length(); i < len; i++) {
      char c = s.charAt(i);
      if (c == '@') {
        if (at >= 0) {
          return false;
        }
        at = i;
      } else if (c <= ' ' || c == 0x7f) {
        return false;
      }
    }
    return at > 0 && at < s.length() - 1;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
