package io.outdial.workflows;

/** The input of RecordAttemptResult: the attempt and what its call ended with. */
public record ResultToRecord(AttemptInput attempt, CallOutcome call) {}
