package io.outdial.workflows;

import java.util.List;

/** Attempts a lane has settled (or given back), reported to their campaign in one signal. */
public record FinishedAttempts(List<AttemptOutcome> outcomes) {}
