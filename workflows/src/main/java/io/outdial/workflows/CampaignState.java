package io.outdial.workflows;

import java.util.Map;

/** The campaign workflow's state, carried across continue-as-new. */
public record CampaignState(
    int status,
    String statusReason,
    Map<String, AttemptInput> inFlight,
    boolean listFinished,
    boolean holdUntilNextWindow,
    long attemptsStarted) {}
