package io.outdial.workflows;

import java.util.Map;

/**
 * The campaign workflow's state, carried across continue-as-new.
 *
 * @param laneGeneration how many dialing lanes the campaign has started (0 in states carried before
 *     the change dialing-lanes); the newest is {@code laneOpen} while the campaign dials through it
 * @param hungUp attempts in flight whose calls have ended, their results on the way (null in states
 *     carried before it was kept): pacing does not count them as calls up
 * @param pacedUntilMs where pacing at the plan's callsPerSecond stands: the moment the last call
 *     handed over may leave (0 in states carried before it was kept), so a new run does not hand
 *     over a second time the seconds its predecessor already filled
 * @param lanePbx the PBX of the newest lane (null in states carried before the change lane-per-pbx,
 *     and while the campaign has not decided: its lanes run their activities on their own queue)
 */
public record CampaignState(
    int status,
    String statusReason,
    Map<String, AttemptInput> inFlight,
    boolean listFinished,
    boolean holdUntilNextWindow,
    long attemptsStarted,
    int laneGeneration,
    boolean laneOpen,
    java.util.List<String> hungUp,
    long pacedUntilMs,
    String lanePbx) {

  public CampaignState(
      int status,
      String statusReason,
      Map<String, AttemptInput> inFlight,
      boolean listFinished,
      boolean holdUntilNextWindow,
      long attemptsStarted) {
    this(
        status,
        statusReason,
        inFlight,
        listFinished,
        holdUntilNextWindow,
        attemptsStarted,
        0,
        false,
        null,
        0,
        null);
  }
}
