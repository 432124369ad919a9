package io.outdial.workflows;

/** What an attempt ended with, as recorded in its result row. */
public record AttemptOutcome(
    String attemptId, int dialingStatus, int resDial, int resHangup, String detail) {}
