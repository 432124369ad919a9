package io.outdial.e2e.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;

/**
 * One field of a generated request: the JSON value sent ({@code null}: the field is left out) and
 * where it stands to the field's limits. {@code field} is the name inside its body ({@code name},
 * {@code [1].numbers}, {@code schedule.timeStart}); an error of the API that names it, or a part of
 * it ({@code variables.V1}, {@code [1].numbers[3]}), names this field.
 */
record FieldValue(String field, JsonNode json, Kind kind) {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** How a value stands to the limits of its field, as far as the generator knows them. */
  enum Kind {
    /** A plain value far from every limit, which the API must accept. */
    SAFE,
    /** At or just inside a limit, or odd but valid: the API may refuse it, naming the field. */
    EDGE,
    /** Past a limit or malformed: the API should refuse it, naming the field. */
    BEYOND
  }

  static FieldValue of(String field, Object value, Kind kind) {
    return new FieldValue(field, toJson(value), kind);
  }

  static FieldValue absent(String field, Kind kind) {
    return new FieldValue(field, null, kind);
  }

  /** The same value under another name (an entry's field under its index). */
  FieldValue renamed(String newName) {
    return new FieldValue(newName, json, kind);
  }

  boolean perturbed() {
    return kind != Kind.SAFE;
  }

  static JsonNode toJson(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof JsonNode n) {
      return n;
    }
    return ApiInputs.JSON.valueToTree(value);
  }

  /** Whether an error the API reported on {@code errorField} is about one of {@code fields}. */
  static boolean names(List<FieldValue> fields, String errorField) {
    for (FieldValue f : fields) {
      if (f.perturbed()
          && (errorField.equals(f.field)
              || errorField.startsWith(f.field + ".")
              || errorField.startsWith(f.field + "["))) {
        return true;
      }
    }
    return false;
  }
}
