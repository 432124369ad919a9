package io.outdial.api.codes;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A code field of a request, given either as its number ({@code 1}) or as its name ({@code
 * "PREDICTIVE"}). Any JSON value is accepted here so that a wrong one becomes a 422 naming the
 * field and the allowed values, not a parse error.
 */
public final class CodeOrName {
  private final JsonNode value;

  private CodeOrName(JsonNode value) {
    this.value = value;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static CodeOrName of(JsonNode value) {
    return new CodeOrName(value);
  }

  public static CodeOrName of(int code) {
    return new CodeOrName(com.fasterxml.jackson.databind.node.IntNode.valueOf(code));
  }

  public static CodeOrName of(String name) {
    return new CodeOrName(com.fasterxml.jackson.databind.node.TextNode.valueOf(name));
  }

  @JsonValue
  public JsonNode value() {
    return value;
  }

  /**
   * The code this value stands for in {@code table}, or empty when it is neither a code nor a name.
   */
  public Optional<Integer> resolve(CodeTable table) {
    if (value.isInt() && table.contains(value.intValue())) {
      return Optional.of(value.intValue());
    }
    if (value.isTextual()) {
      return table.code(value.textValue());
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
