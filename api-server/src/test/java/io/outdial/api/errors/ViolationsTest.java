package io.outdial.api.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.store.Column;
import io.outdial.store.Json;
import io.outdial.workflows.AmiLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checks that count as the schema and Asterisk count, against what they stand for. */
class ViolationsTest {
  private static final String EMOJI = "\uD83D\uDE00";

  /** A random text of up to {@code max} characters: ASCII, accents, CJK, emoji, lone halves. */
  static String randomText(Random random, int max) {
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(6)) {
        case 0 -> sb.append((char) ('a' + random.nextInt(26)));
        case 1 -> sb.append('é');
        case 2 -> sb.append('名');
        case 3 -> sb.append(EMOJI);
        case 4 -> sb.append('"');
        default -> sb.append(random.nextBoolean() ? '\uD800' : '\uDC00');
      }
    }
    return sb.toString();
  }

  @Test
  void aVariableValueFitsExactlyWhenItsAmiLineDoes() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      String name = "V".repeat(1 + random.nextInt(80));
      String value = randomText(random, 400);
      assertThat(Column.utf8Length(value) <= Violations.variableValueMaxBytes(name))
          .as("%s=%s", name, value)
          .isEqualTo(AmiLimits.variableFits(name, value));
    }
  }

  @Test
  void theVariablesJsonIsWrittenOnlyWhenItMightNotFitAndThenMeasured() {
    Map<String, String> fits = new LinkedHashMap<>();
    Map<String, String> tooBig = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      // Six bytes a character at most would be 240,000 bytes: written, 40,000 bytes remain.
      fits.put("V" + i, "v".repeat(1000));
      // A quote is written as two bytes: 80,000 bytes and more.
      tooBig.put("V" + i, "\"".repeat(1000));
    }
    assertThat(Column.utf8Length(Json.write(fits))).isLessThan(Column.PLAN_VARIABLES.max);
    assertThat(Violations.jsonFits(fits, Column.PLAN_VARIABLES)).isTrue();
    assertThat(Column.utf8Length(Json.write(tooBig))).isGreaterThan(Column.PLAN_VARIABLES.max);
    assertThat(Violations.jsonFits(tooBig, Column.PLAN_VARIABLES)).isFalse();
    assertThat(Violations.jsonFits(Map.of(), Column.PLAN_VARIABLES)).isTrue();
  }

  @Test
  void theWidestVariablesEveryLayerAcceptsFitTheirTextColumn() {
    // Every value its longest in bytes, each byte doubled by JSON escaping: a tab is \t in JSON
    // but one byte to Asterisk (a quote, also \" in JSON, is sent escaped to Asterisk as well).
    Map<String, String> widest = new LinkedHashMap<>();
    for (int i = 0; i < AmiLimits.VARIABLES_PER_LAYER; i++) {
      String name = String.format("V%02d", i);
      widest.put(name, "\t".repeat(Violations.variableValueMaxBytes(name)));
    }
    Violations v = new Violations();
    for (Column c :
        new Column[] {
          Column.PLAN_VARIABLES,
          Column.DESTINATION_VARIABLES,
          Column.DLMA_VARIABLES,
          Column.ENTRY_VARIABLES
        }) {
      assertThat(v.variables("variables", widest, c)).as(c.name()).isTrue();
      assertThat(c.fits(Json.write(widest))).isTrue();
    }
  }

  @Test
  void textIsCountedAsItsColumnCounts() {
    Violations v = new Violations();
    assertThat(v.text("name", EMOJI.repeat(255), Column.PLAN_NAME)).isTrue();
    assertThat(v.text("name", EMOJI.repeat(256), Column.PLAN_NAME)).isFalse();
    assertThat(v.text("detail", EMOJI.repeat(16_383) + "abc", Column.PLAN_DETAIL)).isTrue();
    assertThat(v.text("detail", EMOJI.repeat(16_384), Column.PLAN_DETAIL)).isFalse();
    assertThat(v.errors())
        .extracting(FieldError::rule)
        .containsExactly("must be at most 255 characters", "must be at most 65535 bytes of UTF-8");
  }

  @Test
  void aDecimalRangeRefusesNotANumberAndInfinities() {
    Violations v = new Violations();
    assertThat(v.range("cps", 0.01, 0.01, 1000)).isTrue();
    assertThat(v.range("cps", 1000.0, 0.01, 1000)).isTrue();
    assertThat(v.range("cps", null, 0.01, 1000)).isTrue();
    assertThat(v.range("cps", Double.NaN, 0.01, 1000)).isFalse();
    assertThat(v.range("cps", Double.POSITIVE_INFINITY, 0.01, 1000)).isFalse();
    assertThat(v.range("cps", Double.MIN_VALUE, 0.01, 1000)).isFalse();
    assertThat(v.errors().get(0).rule()).isEqualTo("must be between 0.01 and 1000");
  }
}
