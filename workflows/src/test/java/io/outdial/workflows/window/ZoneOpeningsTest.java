package io.outdial.workflows.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZoneOpeningsTest {
  /** Every day 09:00 to 17:00 in the campaign's UTC. */
  static final Schedule NINE_TO_FIVE =
      Schedule.fromMap(
          Map.of("mode", 0, "timezone", "UTC", "timeStart", "09:00:00", "timeEnd", "17:00:00"));

  @Test
  void withSchedulingOffNoZoneCounts() {
    ZoneOpenings z =
        ZoneOpenings.at(
            Schedule.off(), List.of("Asia/Tokyo"), Instant.parse("2026-12-01T12:00:00Z"));
    assertThat(z.open()).isNull();
    assertThat(z.nextOpening()).isNull();
  }

  @Test
  void theZonesOpenNowAndTheEarliestOpeningOfTheOthers() {
    // 12:00 UTC: open in UTC and London; 21:00 in Tokyo (opens 09:00 JST = 00:00 UTC the next
    // day, but the campaign's own window then is closed until 09:00 UTC); 07:00 in New York
    // (opens 09:00 EST = 14:00 UTC).
    Instant noon = Instant.parse("2026-12-01T12:00:00Z");
    ZoneOpenings z =
        ZoneOpenings.at(
            NINE_TO_FIVE, List.of("UTC", "Asia/Tokyo", "Europe/London", "America/New_York"), noon);
    assertThat(z.open()).containsExactly("UTC", "Europe/London");
    assertThat(z.nextOpening()).isEqualTo(Instant.parse("2026-12-01T14:00:00Z"));
  }
}
