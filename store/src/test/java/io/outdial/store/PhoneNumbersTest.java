package io.outdial.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The normal form do-not-call lists keep and look numbers up in. */
class PhoneNumbersTest {
  @ParameterizedTest(name = "{0} in {1} is {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "01 23 45 67 89        | FR   | +33123456789",
        "+33 1 23 45 67 89     | FR   | +33123456789",
        "+33 (0)1 23 45 67 89  | null | +33123456789",
        "0033 1 23 45 67 89    | FR   | +33123456789",
        "(415) 555-2671        | US   | +14155552671",
        "+1 415.555.2671       | GB   | +14155552671",
        "020 7946 0958         | GB   | +442079460958",
        // Without a region a national number is its digits, as the same number listed so is.
        "01 23 45 67 89        | null | 0123456789",
        "  5551234             | null | 5551234",
        // Too short to be a phone number there: its digits.
        "12                    | FR   | 12",
        // Dial strings and words (the simulator's numbers) are themselves, in lower case.
        "Local/100@sales       | FR   | local/100@sales",
        "Answer                | null | answer",
      })
  void normalises(String raw, String region, String expected) {
    assertThat(PhoneNumbers.normalise(raw, region)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"FR, true", "US, true", "GB, true", "fr, false", "QQ, false", "FRA, false"})
  void knowsRegions(String region, boolean known) {
    assertThat(PhoneNumbers.isRegion(region)).isEqualTo(known);
  }
}
