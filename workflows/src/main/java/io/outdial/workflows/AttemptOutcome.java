package io.outdial.workflows;

/**
 * What an attempt ended with, as recorded in its result row; {@code dialed} is false when the
 * campaign stopped before its originate left (no result row then, its try is given back).
 */
public record AttemptOutcome(
    String attemptId, int dialingStatus, int resDial, int resHangup, String detail,
    boolean dialed) {}
