package io.outdial.workflows;

/** Who asked for an operator action and when (epoch ms), kept visible in the workflow history. */
public record OperatorAction(String requestedBy, long requestedAtMs, String reason) {}
