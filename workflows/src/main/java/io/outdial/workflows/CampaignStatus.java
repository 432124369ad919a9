package io.outdial.workflows;

import java.util.Arrays;
import java.util.Optional;

/** Campaign status codes of PRODUCT.md 3.1; the numbers are our users' vocabulary. */
public enum CampaignStatus {
  STOP(0),
  START(1),
  PAUSE(2),
  STOPPING(10),
  STARTING(11),
  PAUSING(12),
  STOPPING_FORCEDLY(30);

  private final int code;

  CampaignStatus(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Optional<CampaignStatus> ofCode(int code) {
    return Arrays.stream(values()).filter(s -> s.code == code).findFirst();
  }
}
