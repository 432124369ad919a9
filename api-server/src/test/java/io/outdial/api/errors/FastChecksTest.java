package io.outdial.api.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The loops that replace regexes on the import path agree with the regexes, for every char. */
class FastChecksTest {
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t]]");

  @Test
  void hasControlIsTheControlRegexForEveryChar() {
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      String s = "ab" + c + "cd";
      assertThat(Violations.hasControl(s))
          .as("char %04x", (int) c)
          .isEqualTo(CONTROL.matcher(s).find());
    }
    assertThat(Violations.hasControl("")).isFalse();
    assertThat(Violations.hasControl("tab\tok")).isFalse();
    assertThat(Violations.hasControl("end\r")).isTrue();
  }

  @Test
  void unknownAndOffsetZonesAreRefusedAndRegionsAccepted() {
    Violations v = new Violations();
    assertThat(v.zoneId("tz", "Europe/Paris")).isTrue();
    assertThat(v.zoneId("tz", "America/Argentina/Buenos_Aires")).isTrue();
    assertThat(v.zoneId("tz", "+02:00")).isFalse();
    assertThat(v.zoneId("tz", "Mars/Olympus")).isFalse();
    assertThat(v.count()).isEqualTo(2);
  }
}
