package io.outdial.workflows;

/**
 * One reserved attempt: the attempt id is also the ChannelId sent to Asterisk.
 *
 * @param sendBeforeMs when set, the Originate must not leave at or after this time (the calling
 *     window's closing); null for no such bound (and in inputs recorded before it)
 * @param notBeforeMs when set, the Originate must not leave before this time: a paced campaign's
 *     calls are handed over ahead and each leaves at its moment (change pace-ahead); null to leave
 *     at once (and in inputs recorded before it)
 */
public record AttemptInput(
    String campaignId,
    String attemptId,
    String entryId,
    int numberIndex,
    int tryCount,
    long dialTimeoutMs,
    Long sendBeforeMs,
    Long notBeforeMs) {

  public AttemptInput(
      String campaignId,
      String attemptId,
      String entryId,
      int numberIndex,
      int tryCount,
      long dialTimeoutMs) {
    this(campaignId, attemptId, entryId, numberIndex, tryCount, dialTimeoutMs, null, null);
  }

  /** This attempt, to be sent before {@code closingMs} (null: no bound). */
  public AttemptInput sendBefore(Long closingMs) {
    return new AttemptInput(
        campaignId,
        attemptId,
        entryId,
        numberIndex,
        tryCount,
        dialTimeoutMs,
        closingMs,
        notBeforeMs);
  }

  /** This attempt, to be sent no sooner than {@code atMs} (null: at once). */
  public AttemptInput notBefore(Long atMs) {
    return new AttemptInput(
        campaignId, attemptId, entryId, numberIndex, tryCount, dialTimeoutMs, sendBeforeMs, atMs);
  }
}
