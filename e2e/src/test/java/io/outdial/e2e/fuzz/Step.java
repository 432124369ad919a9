package io.outdial.e2e.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One operator action: {@code POST /v1/campaigns/{id}/<verb>} after {@code delayMs}, with its body
 * in one of the forms a client may send and an optional {@code X-Operator} header.
 */
record Step(String verb, Body body, FieldValue reason, FieldValue operator, int delayMs) {
  /** The forms of an action's body. */
  enum Body {
    /** No body at all. */
    NONE,
    /** {@code {}}. */
    EMPTY,
    /** {@code {"reason":null}}. */
    NULL_REASON,
    /** {@code {"reason":...}} with the generated reason, or {@code {}} when it is absent. */
    REASON
  }

  /** The body as sent, or null for none. */
  String bodyText() {
    ObjectNode o = FieldValue.NODES.objectNode();
    switch (body) {
      case NONE -> {
        return null;
      }
      case EMPTY -> {
        return "{}";
      }
      case NULL_REASON -> o.putNull("reason");
      case REASON -> {
        if (reason.json() != null) {
          o.set("reason", reason.json());
        }
      }
    }
    return o.toString();
  }

  /** Whether the reason sent is not a plain one. */
  boolean reasonPerturbed() {
    return body == Body.REASON && reason.perturbed();
  }

  String operatorValue() {
    return operator.json() == null ? null : operator.json().textValue();
  }

  @Override
  public String toString() {
    return verb
        + (delayMs > 0 ? " after " + delayMs + " ms" : "")
        + " body "
        + (body == Body.REASON ? "{\"reason\":" + ApiInputs.shown(reason.json()) + "}" : body)
        + (operator.json() == null ? "" : " X-Operator " + ApiInputs.shown(operator.json()));
  }
}
