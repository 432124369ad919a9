package io.outdial.workflows;

import java.util.Arrays;
import java.util.Optional;

/**
 * Dial result codes (PRODUCT.md 3.3): the Reason of Asterisk's OriginateResponse, which is an
 * {@code AST_CONTROL_*} value. The names are short forms of PRODUCT.md's descriptions; 3, "remote
 * end is ringing (not answered in time)", is NO_ANSWER, as the campaign counts call it.
 */
public enum DialResult {
  FAILED(0),
  HANGUP(1),
  RING(2),
  NO_ANSWER(3),
  ANSWERED(4),
  BUSY(5),
  OFF_HOOK(6),
  LINE_OFF_HOOK(7),
  CONGESTION(8),
  FLASH_HOOK(9),
  WINK(10),
  OPTION(11),
  RADIO_KEY(12),
  RADIO_UNKEY(13),
  PROGRESS(14),
  PROCEEDING(15),
  HOLD(16),
  UNHOLD(17),
  VIDEO_UPDATE(18),
  T38_STATE_CHANGE(19),
  MEDIA_SOURCE_UPDATE(20),
  TRANSFER(21),
  CONNECTED_LINE(22),
  REDIRECTING(23),
  T38_PARAMETERS(24),
  CC(25),
  MEDIA_SOURCE_CHANGE(26),
  READ_ACTION(27),
  AOC(28),
  END_OF_QUEUE(29),
  INCOMPLETE(30),
  MCID(31),
  BRIDGE_UPDATE(32),
  PVT_CAUSE_CODE(33),
  MASQUERADE(34);

  private final int code;

  DialResult(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The dial result of {@code code}; empty for a code outside PRODUCT.md 3.3. */
  public static Optional<DialResult> ofCode(int code) {
    return Arrays.stream(values()).filter(r -> r.code == code).findFirst();
  }

  /**
   * The name an operator reads beside {@code code}; a code this enum does not know is shown as such
   * rather than refused, as {@link DialingStatus#nameOf} does.
   */
  public static String nameOf(int code) {
    return ofCode(code).map(Enum::name).orElse("UNKNOWN_" + code);
  }
}
