package io.outdial.api.dlmas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CSV reader on jackson-dataformat-csv reads what the hand-written one read: the same records
 * on the same lines, and the same error on the same line, except where it is knowingly more lenient
 * (blanks after a closing quote).
 */
class CsvReaderTest {

  /** What a reader made of an input: each record with its line, then the error if any. */
  private static List<String> transcript(String csv, boolean jackson) throws IOException {
    List<String> out = new ArrayList<>();
    Reader in = new StringReader(csv);
    try {
      if (jackson) {
        CsvReader r = new CsvReader(in);
        List<String> record;
        while ((record = r.next()) != null) {
          out.add(r.recordLine() + " " + record);
        }
      } else {
        HandWrittenCsvReader r = new HandWrittenCsvReader(in);
        List<String> record;
        while ((record = r.next()) != null) {
          out.add(r.recordLine() + " " + record);
        }
      }
    } catch (CsvReader.CsvException e) {
      out.add("error at line " + e.line + ": " + e.getMessage());
    }
    return out;
  }

  private static boolean knownLeniency(List<String> handWritten) {
    return !handWritten.isEmpty()
        && handWritten
            .get(handWritten.size() - 1)
            .matches(
                "error at line \\d+: unexpected character '(\\s|\\\\u00..)' after a closing quote");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a",
        "a\n",
        "a,b\r\nc,d\r\n",
        "a\rb\r",
        "\n\n\n",
        "a,,b,\n,",
        "\"\"",
        "\"\",\"\"\n",
        "\"x\"\"y\",z\n",
        "\"multi\nline\r\nfield\",2\n3",
        "\uFEFFname,number1\nAnn,1\n",
        "number1\n\"1001\n",
        "number1\n\"10\"01\n",
        "number1\n10\"01\n",
        "a\n\"b\"c,d\n",
        "a,b\"\n",
        "a,\"b\",c\"d\n",
        "x\ny\"z\n\"open",
        "é,ü\n\"ß\"\"\",€\n",
      })
  void readsWhatTheHandWrittenReaderRead(String csv) throws IOException {
    assertThat(transcript(csv, true)).as(csv).isEqualTo(transcript(csv, false));
  }

  @Test
  void errorsNameTheLineTheRecordStartsOn() throws IOException {
    assertThat(transcript("h\n\"two\nlines\"\n\"x\"y\n", true))
        .containsExactly(
            "1 [h]",
            "2 [two\nlines]",
            "error at line 4: unexpected character 'y' after a closing quote");
    assertThat(transcript("h\n1\n\"never\nclosed\n", true))
        .containsExactly(
            "1 [h]", "2 [1]", "error at line 3: a quoted field is not closed before the end");
    assertThat(transcript("h\nok,\"q\",bad\"quote\n", true))
        .containsExactly(
            "1 [h]",
            "error at line 2: a quote inside an unquoted field (quote the whole field and"
                + " double the quote)");
  }

  @Test
  void blanksAfterAClosingQuoteAreAccepted() throws IOException {
    assertThat(transcript("a,b\n\"x\" ,\"y\"  \n\"z\"\u0001,\"\"\t\r\n", true))
        .containsExactly("1 [a, b]", "2 [x, y]", "3 [z, ]");
  }

  @Test
  void aRecordLongerThanTheLimitIsRefusedWithItsLine() throws IOException {
    String big = "h\n1\n\"" + "x".repeat(CsvReader.MAX_RECORD_CHARS + 10) + "\"\n";
    assertThat(transcript(big, true))
        .containsExactly(
            "1 [h]",
            "2 [1]",
            "error at line 3: a record is longer than "
                + CsvReader.MAX_RECORD_CHARS
                + " characters");
    StringBuilder wide = new StringBuilder("h\n");
    for (int i = 0; i < 20; i++) {
      wide.append("y".repeat(CsvReader.MAX_RECORD_CHARS / 10)).append(',');
    }
    assertThat(transcript(wide + "\n", true))
        .last()
        .asString()
        .isEqualTo(
            "error at line 2: a record is longer than "
                + CsvReader.MAX_RECORD_CHARS
                + " characters");
  }

  /**
   * Random inputs from the characters that matter to CSV, short ones and long ones that cross
   * Jackson's and our buffer boundaries many times, each read by both readers.
   */
  @Test
  void randomInputsReadAsTheHandWrittenReaderReadThem() throws IOException {
    char[] alphabet = {'a', 'b', ',', ',', '"', '"', '\n', '\r', ' ', 'é'};
    Random r = new Random(20261201L);
    int compared = 0;
    int errors = 0;
    for (int n = 0; n < 20_000; n++) {
      int length = n % 100 == 0 ? 20_000 + r.nextInt(50_000) : r.nextInt(40);
      StringBuilder b = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        // Long inputs keep quotes rare, or nearly every one would stop at its first record.
        char c = alphabet[r.nextInt(alphabet.length)];
        b.append(length > 1000 && c == '"' && r.nextInt(200) != 0 ? 'q' : c);
      }
      String csv = b.toString();
      List<String> handWritten = transcript(csv, false);
      if (knownLeniency(handWritten)) {
        continue;
      }
      compared++;
      errors += handWritten.stream().anyMatch(s -> s.startsWith("error")) ? 1 : 0;
      assertThat(transcript(csv, true)).as("input %d: %s", n, csv).isEqualTo(handWritten);
    }
    // Both kinds must stay well represented, or the comparison proves little.
    assertThat(compared).isGreaterThan(15_000);
    assertThat(errors).isBetween(2_000, compared - 2_000);
  }
}
