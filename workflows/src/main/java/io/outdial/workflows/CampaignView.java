package io.outdial.workflows;

import java.util.List;

/** What the campaign workflow knows right now, for reads. */
public record CampaignView(
    int status,
    String statusName,
    String statusReason,
    List<String> attemptsInFlight,
    boolean listFinished,
    Long nextOpeningMs,
    Long nextClosingMs) {}
