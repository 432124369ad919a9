package io.outdial.api.errors;

import jakarta.ws.rs.core.Response.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request the API refuses, with the status and body to answer. Resources throw it; {@link
 * ApiExceptionMapper} writes it as an {@link ApiError}.
 */
public final class ApiException extends RuntimeException {
  private final ApiError error;

  public ApiException(ApiError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  public ApiError error() {
    return error;
  }

  public static ApiException notFound(String kind, String id) {
    return new ApiException(
        new ApiError(Status.NOT_FOUND.getStatusCode(), kind + " " + id + " does not exist"));
  }

  /** 422: the request is well-formed JSON but breaks the rules listed in {@code errors}. */
  public static ApiException invalid(String message, List<FieldError> errors) {
    return new ApiException(new ApiError(422, message, errors));
  }

  public static ApiException invalid(String field, String rule) {
    return invalid("invalid request", List.of(new FieldError(field, rule)));
  }

  /** 400: the request cannot be read at all. */
  public static ApiException badRequest(String message, List<FieldError> errors) {
    return new ApiException(new ApiError(Status.BAD_REQUEST.getStatusCode(), message, errors));
  }

  /** 409 with extra properties, such as the current status that made the request illegal. */
  public static ApiException conflict(String message, Map<String, Object> details) {
    return new ApiException(
        new ApiError(
            Status.CONFLICT.getStatusCode(), message, List.of(), new LinkedHashMap<>(details)));
  }

  /**
   * 409: campaigns that are not in STOP use the resource, so it cannot be deleted or changed in a
   * way that matters to dialing; {@code campaigns} names them.
   */
  public static ApiException inUse(
      String message, List<String> campaigns, Map<String, Object> more) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("campaigns", List.copyOf(campaigns));
    details.putAll(more);
    return conflict(message, details);
  }

  public static ApiException unavailable(String message) {
    return new ApiException(new ApiError(Status.SERVICE_UNAVAILABLE.getStatusCode(), message));
  }

  /** The request body, or a 400 when the client sent none (or JSON null). */
  public static <T> T requireBody(T body) {
    if (body == null) {
      throw badRequest("a JSON body is required", List.of());
    }
    return body;
  }
}
