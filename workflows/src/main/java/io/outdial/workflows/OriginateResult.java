package io.outdial.workflows;

/**
 * How the originate step ended. {@code SENT}: Asterisk queued it. {@code REFUSED}: Asterisk
 * answered {@code Response: Error} (message kept). {@code ALREADY_SENT}: a previous try of this
 * activity may have sent it; the call is reconciled through AMI, never sent again. {@code
 * ALREADY_SETTLED}: the attempt already has its result. {@code CANCELLED}: the campaign is no
 * longer dialing (a stop, pause or force stop was accepted), nothing was sent.
 */
public record OriginateResult(Kind kind, String message, long atMs) {
  public enum Kind {
    SENT,
    REFUSED,
    ALREADY_SENT,
    ALREADY_SETTLED,
    CANCELLED
  }
}
