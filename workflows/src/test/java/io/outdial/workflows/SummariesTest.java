package io.outdial.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** A summary always fits the server's limit, whatever a campaign's name holds. */
class SummariesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aShortTextIsKeptAsItIs() {
    assertThat(Summaries.fit("Campaign spring sale")).isEqualTo("Campaign spring sale");
  }

  @Test
  void theLongestNameOfFourByteCharactersIsCutWithAnEllipsis() throws Exception {
    String name = "\uD83D\uDCDE".repeat(255); // 255 telephone emoji, 4 bytes each
    String s = Summaries.fit("Campaign " + name);
    assertThat(s).startsWith("Campaign \uD83D\uDCDE").endsWith("\u2026");
    assertThat(JSON.writeValueAsString(s).getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(Summaries.MAX_JSON_BYTES);
    // Cut between characters, never inside a surrogate pair.
    assertThat(s.codePoints().filter(c -> c >= 0xD800 && c <= 0xDFFF).count()).isZero();
  }

  @Property
  void anyTextFitsOnceWrittenAsJson(@ForAll @StringLength(max = 600) String text) throws Exception {
    String s = Summaries.fit("Dialing lane of campaign " + text);
    assertThat(JSON.writeValueAsString(s).getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(Summaries.MAX_JSON_BYTES);
  }
}
