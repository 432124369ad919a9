package io.outdial.api.errors;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one error body of the API, whatever went wrong: {@code
 * {"status":422,"message":"...","errors":[{"field":"...","rule":"..."}]}}. Some errors add
 * properties beside these (a 409 names the campaign's current status).
 */
@JsonPropertyOrder({"status", "message", "errors"})
public record ApiError(
    int status, String message, List<FieldError> errors, Map<String, Object> details) {
  public ApiError {
    errors = errors == null ? List.of() : List.copyOf(errors);
    details = details == null ? Map.of() : new LinkedHashMap<>(details);
  }

  public ApiError(int status, String message) {
    this(status, message, List.of(), Map.of());
  }

  public ApiError(int status, String message, List<FieldError> errors) {
    this(status, message, errors, Map.of());
  }

  /** Extra properties written beside status, message and errors. */
  @Override
  @JsonAnyGetter
  public Map<String, Object> details() {
    return details;
  }
}
