package io.outdial.pbxsim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One AMI message: an ordered list of {@code Key: Value} fields. Order matters because clients and
 * recordings are compared field by field, and keys may repeat ({@code Variable}). Keys are matched
 * without regard to case, as Asterisk does (asterisk-java sends {@code action:}, {@code
 * actionid:}).
 */
public final class AmiMessage {

  /** One {@code Key: Value} line. */
  public record Field(String key, String value) {
    public Field {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  private final List<Field> fields;

  private AmiMessage(List<Field> fields) {
    this.fields = List.copyOf(fields);
  }

  public static AmiMessage of(List<Field> fields) {
    return new AmiMessage(fields);
  }

  /** Builds a message from alternating keys and values; a null value leaves the field out. */
  public static AmiMessage of(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must come in pairs");
    }
    Builder builder = builder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      builder.addIfPresent(keysAndValues[i], keysAndValues[i + 1]);
    }
    return builder.build();
  }

  /**
   * Parses the lines of one message. A line without a colon carries no field: Asterisk ignores such
   * lines too, so they are skipped rather than rejected. One space after the colon is the
   * separator; any further leading spaces are trimmed from the value, as Asterisk's header lookup
   * does.
   */
  public static AmiMessage parseLines(List<String> lines) {
    List<Field> parsed = new ArrayList<>(lines.size());
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1);
      int start = 0;
      while (start < value.length() && value.charAt(start) == ' ') {
        start++;
      }
      parsed.add(new Field(key, value.substring(start)));
    }
    return new AmiMessage(parsed);
  }

  /** Parses a message written with CRLF or LF line ends; empty lines are ignored. */
  public static AmiMessage parse(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\r?\n", -1)) {
      if (!line.isEmpty()) {
        lines.add(line);
      }
    }
    return parseLines(lines);
  }

  public List<Field> fields() {
    return Collections.unmodifiableList(fields);
  }

  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /** The first value of the key, or null. */
  public String get(String key) {
    for (Field field : fields) {
      if (field.key().equalsIgnoreCase(key)) {
        return field.value();
      }
    }
    return null;
  }

  public List<String> getAll(String key) {
    List<String> values = new ArrayList<>();
    for (Field field : fields) {
      if (field.key().equalsIgnoreCase(key)) {
        values.add(field.value());
      }
    }
    return values;
  }

  public boolean has(String key) {
    return get(key) != null;
  }

  /** The {@code Event} name, or null for a response or an action. */
  public String eventName() {
    return get("Event");
  }

  public String actionName() {
    return get("Action");
  }

  public String actionId() {
    return get("ActionID");
  }

  /** A copy with the first field of that key set to the value, or the field appended if absent. */
  public AmiMessage with(String key, String value) {
    List<Field> copy = new ArrayList<>(fields);
    for (int i = 0; i < copy.size(); i++) {
      if (copy.get(i).key().equalsIgnoreCase(key)) {
        copy.set(i, new Field(copy.get(i).key(), value));
        return new AmiMessage(copy);
      }
    }
    copy.add(new Field(key, value));
    return new AmiMessage(copy);
  }

  /** A copy without any field of that key. */
  public AmiMessage without(String key) {
    List<Field> copy = new ArrayList<>(fields.size());
    for (Field field : fields) {
      if (!field.key().equalsIgnoreCase(key)) {
        copy.add(field);
      }
    }
    return new AmiMessage(copy);
  }

  /** The message as sent on the wire: {@code Key: Value\r\n} lines and an empty line. */
  public String toWire() {
    StringBuilder wire = new StringBuilder(fields.size() * 32);
    for (Field field : fields) {
      wire.append(field.key()).append(": ").append(field.value()).append("\r\n");
    }
    return wire.append("\r\n").toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AmiMessage message && message.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return toWire().replace("\r\n", " | ");
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.fields.addAll(fields);
    return builder;
  }

  public static final class Builder {
    private final List<Field> fields = new ArrayList<>();

    public Builder add(String key, String value) {
      fields.add(new Field(key, value));
      return this;
    }

    public Builder addIfPresent(String key, String value) {
      if (value != null) {
        fields.add(new Field(key, value));
      }
      return this;
    }

    public Builder add(Field field) {
      fields.add(field);
      return this;
    }

    public AmiMessage build() {
      return new AmiMessage(fields);
    }
  }
}
