package io.outdial.api.errors;

/** One rule that one field broke: {@code {"field":"dialTimeout","rule":"must be between ..."}}. */
public record FieldError(String field, String rule) {}
