package io.outdial.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.api.codes.CodeTable;
import io.outdial.api.codes.Codes;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The console's code tables (js/codes.js, which its result filters offer) are the API's: every code
 * with the name {@link Codes} gives it, none more, in the same order.
 */
class ConsoleCodesTest {
  private static final Pattern TABLE =
      Pattern.compile("export const (\\w+) = \\[(.*?)\\];", Pattern.DOTALL);
  private static final Pattern PAIR = Pattern.compile("\\[(\\d+), '([A-Z0-9_]+)'\\]");

  @ParameterizedTest
  @CsvSource({
    "CAMPAIGN_STATUS, CAMPAIGN_STATUS",
    "DIALING_STATUS, DIALING_STATUS",
    "DIAL_RESULT, DIAL_RESULT",
    "HANGUP_CAUSE, HANGUP_CAUSE"
  })
  void theConsoleNamesEveryCodeAsTheApiDoes(String jsName, String codesField) throws Exception {
    CodeTable table = (CodeTable) Codes.class.getField(codesField).get(null);
    assertThat(consoleTables().get(jsName))
        .as("js/codes.js " + jsName)
        .containsExactlyEntriesOf(table.entries());
  }

  private static Map<String, Map<Integer, String>> consoleTables() throws Exception {
    String js;
    try (InputStream in =
        ConsoleCodesTest.class.getResourceAsStream("/io/outdial/api/console/js/codes.js")) {
      assertThat(in).as("the console's js/codes.js on the class path").isNotNull();
      js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, Map<Integer, String>> tables = new LinkedHashMap<>();
    Matcher t = TABLE.matcher(js);
    while (t.find()) {
      Map<Integer, String> entries = new LinkedHashMap<>();
      Matcher p = PAIR.matcher(t.group(2));
      while (p.find()) {
        entries.put(Integer.parseInt(p.group(1)), p.group(2));
      }
      tables.put(t.group(1), entries);
    }
    return tables;
  }
}
