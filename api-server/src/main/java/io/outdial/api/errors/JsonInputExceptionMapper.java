package io.outdial.api.errors;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.outdial.api.codes.CodeOrName;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request bodies that cannot be read: malformed JSON, unknown fields and wrong types are 400s
 * naming the field. A failure to write a response (a bug of ours) is a 500, logged.
 */
@Provider
public final class JsonInputExceptionMapper implements ExceptionMapper<JsonProcessingException> {
  private static final Logger LOG = LoggerFactory.getLogger(JsonInputExceptionMapper.class);
  static final String BODY = "body";

  @Override
  public Response toResponse(JsonProcessingException e) {
    return ApiExceptionMapper.respond(errorOf(e));
  }

  public static ApiError errorOf(JsonProcessingException e) {
    if (e instanceof JsonGenerationException || e instanceof InvalidDefinitionException) {
      return UnexpectedExceptionMapper.internalError(LOG, e);
    }
    if (e instanceof UnrecognizedPropertyException u) {
      String field = path(u);
      return new ApiError(
          400,
          "unknown field '" + field + "'",
          List.of(new FieldError(field, "is not a known field")));
    }
    if (e instanceof MismatchedInputException m) {
      String field = path(m);
      if (field.equals(BODY)
          && m.getMessage() != null
          && m.getMessage().startsWith("No content to map")) {
        return new ApiError(400, "a JSON body is required");
      }
      String rule =
          m.getTargetType() == null
              ? "has the wrong type"
              : "must be " + typeName(m.getTargetType());
      return new ApiError(
          400, "wrong type of '" + field + "'", List.of(new FieldError(field, rule)));
    }
    if (e instanceof JsonMappingException m && m.getCause() instanceof InputCoercionException) {
      String field = path(m);
      return new ApiError(
          400,
          "number out of range in '" + field + "'",
          List.of(new FieldError(field, "is out of range")));
    }
    if (e instanceof JsonMappingException m) {
      String field = path(m);
      return new ApiError(
          400,
          "cannot read '" + field + "'",
          List.of(new FieldError(field, m.getOriginalMessage())));
    }
    if (e instanceof InputCoercionException c) {
      String field = path(c);
      return new ApiError(
          400,
          "number out of range in '" + field + "'",
          List.of(new FieldError(field, "is out of range")));
    }
    if (e instanceof StreamReadException r) {
      String where =
          r.getLocation() == null
              ? ""
              : " at line "
                  + r.getLocation().getLineNr()
                  + ", column "
                  + r.getLocation().getColumnNr();
      return new ApiError(400, "malformed JSON" + where + ": " + r.getOriginalMessage());
    }
    return new ApiError(400, "cannot read the request body: " + e.getOriginalMessage());
  }

  /** The field a mapping error is about, like {@code [2].numbers[0]}; "body" for the whole body. */
  static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? BODY : sb.toString();
  }

  /** The same for a low-level read error, from where the parser stood. */
  static String path(StreamReadException e) {
    JsonParser parser = e.getProcessor();
    if (parser == null) {
      return BODY;
    }
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = parser.getParsingContext();
        c != null && !c.inRoot();
        c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.inObject() && c.getCurrentName() != null) {
        parts.push("." + c.getCurrentName());
      }
    }
    String p = String.join("", parts);
    p = p.startsWith(".") ? p.substring(1) : p;
    return p.isEmpty() ? BODY : p;
  }

  static String typeName(Class<?> type) {
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class) {
      return "an integer";
    }
    if (type == Double.class
        || type == double.class
        || type == Float.class
        || type == float.class
        || Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == CodeOrName.class || JsonNode.class.isAssignableFrom(type)) {
      return "a JSON value";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object";
    }
    return "an object";
  }
}
