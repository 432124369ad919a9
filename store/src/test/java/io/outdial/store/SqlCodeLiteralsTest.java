package io.outdial.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The store's SQL names no dialing status, dial result or hangup cause by its number: it binds the
 * code from the workflows' enum ({@code :sent} bound to {@code ORIGINATE_SENT.code()}), so the
 * enums stay the one home of these tables (issue #11). A DDL default is not a comparison and is not
 * matched.
 */
class SqlCodeLiteralsTest {
  private static final String COLUMN = "\\b(?:dialing_status|res_dial|res_hangup)\\b";

  /** A column compared to, set to or listed against a number, either way round. */
  static final Pattern LITERAL =
      Pattern.compile(
          COLUMN
              + "\\s*(?:(?:=|<>|!=|<=|>=|<|>)\\s*\\d"
              + "|(?:NOT\\s+)?IN\\s*\\([^)]*?(?<![:\\w])\\d)"
              + "|(?<![:\\w.])\\d+\\s*(?:=|<>|!=)\\s*(?:\\w+\\.)?"
              + COLUMN,
          Pattern.CASE_INSENSITIVE);

  @Test
  void thePatternFindsWhatItLooksFor() {
    assertThat(LITERAL.matcher("SET a.dialing_status = 1, a.snapshot = :s").find()).isTrue();
    assertThat(LITERAL.matcher("SUM(res_dial = 4)").find()).isTrue();
    assertThat(LITERAL.matcher("res_dial <> 4").find()).isTrue();
    assertThat(LITERAL.matcher("res_dial NOT IN (3, 4, 5, 8)").find()).isTrue();
    assertThat(LITERAL.matcher("res_dial IN (:a, 4)").find()).isTrue();
    assertThat(LITERAL.matcher("WHERE res_hangup=16").find()).isTrue();
    assertThat(LITERAL.matcher("WHERE 4 = r.res_dial").find()).isTrue();
    assertThat(LITERAL.matcher("SET dialing_status = :sent").find()).isFalse();
    assertThat(LITERAL.matcher("res_dial NOT IN (:noAnswer, :answered)").find()).isFalse();
    assertThat(LITERAL.matcher("dialing_status  TINYINT NOT NULL DEFAULT 0,").find()).isFalse();
    assertThat(LITERAL.matcher("res_dial = :resDial AND try_count1 < :m1").find()).isFalse();
  }

  @Test
  void noSqlOfTheStoreComparesThoseColumnsToANumber() throws IOException {
    List<Path> sources = new ArrayList<>();
    sources.addAll(files(Path.of("src/main/java/io/outdial/store"), ".java"));
    sources.addAll(files(Path.of("src/main/resources/db/migration"), ".sql"));
    assertThat(sources)
        .as("the store's sources, read from the module's directory")
        .hasSizeGreaterThan(5);
    List<String> found = new ArrayList<>();
    for (Path p : sources) {
      List<String> lines = Files.readAllLines(p);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = LITERAL.matcher(lines.get(i));
        if (m.find()) {
          found.add(p.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
        }
      }
    }
    assertThat(found)
        .as("bind the code from DialingStatus, DialResult or HangupCause instead")
        .isEmpty();
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }
}
