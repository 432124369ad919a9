package io.outdial.api.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One rule that one field broke: {@code {"field":"dialTimeout","rule":"must be between ..."}}. In a
 * bulk import, {@code line} (CSV: the physical line the row starts on, the header being line 1) or
 * {@code index} (JSON: the position in the array, from 0) says which row.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"field", "rule", "line", "index"})
public record FieldError(String field, String rule, Long line, Integer index) {
  public FieldError(String field, String rule) {
    this(field, rule, null, null);
  }
}
