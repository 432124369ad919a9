package io.outdial.workflows;

/**
 * The answer to an operator action: the status the campaign is moving to (or, when refused, the
 * status it is in), and when the next calling window opens if that is why it was refused.
 */
public record ControlResult(int status, String statusName, Long nextOpeningMs, String message) {
  public static ControlResult of(CampaignStatus status, Long nextOpeningMs, String message) {
    return new ControlResult(status.code(), status.name(), nextOpeningMs, message);
  }
}
