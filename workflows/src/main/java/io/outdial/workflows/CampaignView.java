package io.outdial.workflows;

import java.util.List;

/**
 * What the campaign workflow knows right now, for reads.
 *
 * @param attemptsInFlight attempts handed to be dialed whose results are not in yet
 * @param callsUp how many of them pacing counts as calls up: those whose end has not been reported
 */
public record CampaignView(
    int status,
    String statusName,
    String statusReason,
    List<String> attemptsInFlight,
    boolean listFinished,
    Long nextOpeningMs,
    Long nextClosingMs,
    int callsUp) {
  public CampaignView(
      int status,
      String statusName,
      String statusReason,
      List<String> attemptsInFlight,
      boolean listFinished,
      Long nextOpeningMs,
      Long nextClosingMs) {
    this(
        status,
        statusName,
        statusReason,
        attemptsInFlight,
        listFinished,
        nextOpeningMs,
        nextClosingMs,
        attemptsInFlight.size());
  }
}
