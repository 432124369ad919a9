package io.outdial.workflows;

/**
 * One step of an attempt's dialing status trail (PRODUCT.md 3.2) with its time (epoch ms).
 *
 * @param statusName the name of {@code status} (ORIGINATE_SENT, DIALING_END, ...), for whoever
 *     reads the trail in the Temporal UI or a result; null in payloads recorded before it was added
 */
public record StatusChange(int status, String statusName, long atMs, String detail) {
  public StatusChange(int status, long atMs, String detail) {
    this(status, DialingStatus.nameOf(status), atMs, detail);
  }
}
