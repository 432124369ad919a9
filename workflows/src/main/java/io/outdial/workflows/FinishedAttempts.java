package io.outdial.workflows;

import java.util.List;

/**
 * What a lane reports to its campaign in one signal.
 *
 * @param outcomes attempts the lane has settled (or given back)
 * @param hungUp attempts whose calls have ended (or never went up) and whose results are on their
 *     way: the campaign no longer counts them as calls up when it paces. Null in reports from lanes
 *     before the change lane-reports-hangups.
 */
public record FinishedAttempts(List<AttemptOutcome> outcomes, List<String> hungUp) {
  public FinishedAttempts(List<AttemptOutcome> outcomes) {
    this(outcomes, null);
  }
}
