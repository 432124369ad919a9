package io.outdial.activities.ami;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventFilterActionTest {
  /**
   * The releases that took "manager: Enhance event filtering for performance" (Asterisk's tags).
   */
  @ParameterizedTest
  @CsvSource({
    "22.10.1, true",
    "22.1.0, true",
    "22.0.0, false",
    "21.6.0, true",
    "21.5.2, false",
    "20.11.0, true",
    "20.10.0, false",
    "20.7-cert3, false",
    "19.8.1, false",
    "18.26.0, true",
    "18.25.1, false",
    "16.30.0, false",
    "23.0.0, true",
    "GIT-master-abc123, true",
    "'', false"
  })
  void onlyAsterisksThatKnowMatchCriteriaAreSentFilters(String version, boolean filters) {
    assertThat(EventFilterAction.filtersByName(version)).as(version).isEqualTo(filters);
  }
}
