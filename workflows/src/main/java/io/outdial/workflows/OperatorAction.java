package io.outdial.workflows;

/** Who asked for an operator action and when (epoch ms), kept visible in the workflow history. */
public record OperatorAction(String requestedBy, long requestedAtMs, String reason) {
  /** Longest {@code requestedBy} an action may carry (the API's X-Operator header). */
  public static final int REQUESTED_BY_MAX = 64;

  /**
   * Characters the campaign adds around requestedBy and reason when it writes its status reason:
   * {@code "force stopped by " + requestedBy + ": " + reason} is the longest of them.
   */
  public static final int STATUS_REASON_OVERHEAD = "force stopped by ".length() + ": ".length();

  /** Longest reason that, with {@link #STATUS_REASON_OVERHEAD}, fits a status of {@code max}. */
  public static int reasonMax(int statusReasonMax) {
    return statusReasonMax - STATUS_REASON_OVERHEAD - REQUESTED_BY_MAX;
  }
}
