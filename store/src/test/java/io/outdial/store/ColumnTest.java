package io.outdial.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How {@link Column} measures and cuts text, against what Java's UTF-8 encoder writes. */
class ColumnTest {
  private static final String EMOJI = "\uD83D\uDE00";

  /** Random text from every width of UTF-8, with lone surrogates mixed in. */
  static String randomText(Random random, int maxChars) {
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(maxChars + 1);
    while (sb.length() < n) {
      switch (random.nextInt(7)) {
        case 0 -> sb.append((char) (0x20 + random.nextInt(0x5f)));
        case 1 -> sb.append((char) (0x80 + random.nextInt(0x780)));
        case 2 -> sb.append((char) (0x800 + random.nextInt(0xd000)));
        case 3 -> sb.appendCodePoint(0x10000 + random.nextInt(0x100000));
        case 4 -> sb.append(EMOJI);
        case 5 -> sb.append((char) (0xd800 + random.nextInt(0x800)));
        default -> sb.append((char) (0xe000 + random.nextInt(0x2000)));
      }
    }
    return sb.toString();
  }

  @Test
  void utf8LengthIsWhatTheEncoderWrites() {
    Random random = new Random(11);
    for (int i = 0; i < 50_000; i++) {
      String s = randomText(random, 40);
      assertThat(Column.utf8Length(s))
          .as("%s", s)
          .isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    }
    assertThat(Column.utf8Length("")).isZero();
    assertThat(Column.utf8Length("a")).isEqualTo(1);
    assertThat(Column.utf8Length("é")).isEqualTo(2);
    assertThat(Column.utf8Length("名")).isEqualTo(3);
    assertThat(Column.utf8Length(EMOJI)).isEqualTo(4);
    // Supplementary characters whose low 16 bits fall in the surrogate range (U+2D800 is a CJK
    // ideograph of extension F) are four bytes like any other.
    for (int cp : new int[] {0x1D800, 0x2D800, 0x2DFFF, 0x10D800}) {
      assertThat(Column.utf8Length(new String(Character.toChars(cp)))).as("U+%X", cp).isEqualTo(4);
    }
    // A lone surrogate is written as '?', and a low half before a high one is two of them.
    assertThat(Column.utf8Length("\uD800")).isEqualTo(1);
    assertThat(Column.utf8Length("\uDE00\uD83D")).isEqualTo(2);
  }

  @Test
  void sizeOfCountsCodePointsOrBytesAsTheColumnDoes() {
    assertThat(Column.PLAN_NAME.sizeOf(EMOJI + "é")).isEqualTo(2);
    assertThat(Column.PLAN_DETAIL.sizeOf(EMOJI + "é")).isEqualTo(6);
    assertThat(Column.PLAN_NAME.fits(EMOJI.repeat(255))).isTrue();
    assertThat(Column.PLAN_NAME.fits(EMOJI.repeat(256))).isFalse();
    assertThat(Column.PLAN_DETAIL.fits("é".repeat(32_767) + "a")).isTrue();
    assertThat(Column.PLAN_DETAIL.fits("é".repeat(32_768))).isFalse();
    assertThat(Column.PLAN_DETAIL.fits(null)).isTrue();
    assertThat(Column.PLAN_NAME.rule()).isEqualTo("must be at most 255 characters");
    assertThat(Column.PLAN_DETAIL.rule()).isEqualTo("must be at most 65535 bytes of UTF-8");
  }

  @Test
  void cutAlwaysFitsNeverSplitsACharacterAndKeepsWhatFits() {
    Random random = new Random(13);
    for (Column c :
        new Column[] {
          Column.RESULT_HANGUP_TEXT,
          Column.RESULT_DETAIL,
          Column.ATTEMPT_STATE,
          Column.ATTEMPT_PROGRESS
        }) {
      // Long columns get fewer rounds: each builds a text of up to three times their size.
      for (int i = 0, rounds = c.max > 10_000 ? 30 : 2_000; i < rounds; i++) {
        String s = randomText(random, c.max * (i % 3 == 0 ? 1 : 3));
        String cut = c.cut(s);
        assertThat(c.fits(cut)).as("%s fits", c).isTrue();
        if (c.fits(s)) {
          assertThat(cut).isSameAs(s);
          continue;
        }
        assertThat(cut).endsWith("\u2026");
        String kept = cut.substring(0, cut.length() - 1);
        assertThat(s).startsWith(kept);
        // Never half of a pair: what is kept ends where a code point of s ends.
        assertThat(
                kept.isEmpty()
                    || !Character.isHighSurrogate(kept.charAt(kept.length() - 1))
                    || !Character.isLowSurrogate(s.charAt(kept.length())))
            .as("%s", s)
            .isTrue();
        // And as much is kept as fits: the next code point would not.
        int next = s.codePointAt(kept.length());
        assertThat(c.fits(kept + new String(Character.toChars(next)) + "\u2026")).isFalse();
      }
    }
  }

  @Test
  void cutCountsTheEllipsisInTheColumnsUnit() {
    String cut = Column.ATTEMPT_STATE.cut("x".repeat(20));
    assertThat(cut).isEqualTo("x".repeat(15) + "\u2026");
    // In bytes the ellipsis takes 3, so 65,532 bytes of text remain.
    String bytes = Column.ATTEMPT_PROGRESS.cut("a".repeat(70_000));
    assertThat(bytes).isEqualTo("a".repeat(65_532) + "\u2026");
    String emoji = Column.ATTEMPT_PROGRESS.cut(EMOJI.repeat(20_000));
    assertThat(emoji).isEqualTo(EMOJI.repeat(16_383) + "\u2026");
    assertThat(Column.utf8Length(emoji)).isEqualTo(65_535);
  }
}
