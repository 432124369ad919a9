package io.outdial.api.dlmas;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parse-only throughput of the hand-written CSV reader the import used before ({@link
 * HandWrittenCsvReader}) and of {@link CsvReader} on jackson-dataformat-csv, in one run, on the
 * rows api-server/bench/import-bench.sh generates. The import bench itself is dominated by the
 * database; this isolates the part the choice of reader changes.
 *
 * <p>Run it from the repository root after {@code mvn -pl api-server -am test-compile}: {@code java
 * -cp "$(cat
 * api-server/target/classpath.txt):api-server/target/classes:api-server/target/test-classes"
 * io.outdial.api.dlmas.CsvReaderBench [rows] [rounds] [quoted]}.
 */
public final class CsvReaderBench {
  private static final CsvFactory RAW = new CsvFactory();

  private CsvReaderBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    boolean quoted = args.length > 2 && args[2].equals("quoted");
    String csv = rows(rows, quoted);
    System.out.printf(
        Locale.ROOT,
        "%d rows%s, %.1f MB of CSV, %d rounds each (first two" + " warm-up)%n",
        rows,
        quoted ? " (names quoted)" : "",
        csv.length() / 1048576.0,
        rounds);
    List<Double> handWritten = new ArrayList<>();
    List<Double> jackson = new ArrayList<>();
    List<Double> raw = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      // Alternating keeps a slow spell on a shared machine from landing on one reader only.
      double h = report("hand-written", round, rows, csv, CsvReaderBench::handWritten);
      double j = report("jackson     ", round, rows, csv, CsvReaderBench::jackson);
      double w = report("jackson raw ", round, rows, csv, CsvReaderBench::jacksonRaw);
      if (round >= 2) {
        handWritten.add(h);
        jackson.add(j);
        raw.add(w);
      }
    }
    summary("hand-written", rows, handWritten);
    summary("jackson     ", rows, jackson);
    summary("jackson raw ", rows, raw);
  }

  private static void summary(String name, int rows, List<Double> secs) {
    if (secs.isEmpty()) {
      return;
    }
    List<Double> sorted = secs.stream().sorted().toList();
    System.out.printf(
        Locale.ROOT,
        "%s median %,12.0f rows/s, best %,12.0f rows/s (%d rounds)%n",
        name,
        rows / sorted.get(sorted.size() / 2),
        rows / sorted.get(0),
        sorted.size());
  }

  interface Parse {
    long fields(Reader in) throws Exception;
  }

  private static double report(String name, int round, int rows, String csv, Parse parse)
      throws Exception {
    long start = System.nanoTime();
    long fields = parse.fields(new StringReader(csv));
    double secs = (System.nanoTime() - start) / 1e9;
    if (fields != (rows + 1L) * 7) {
      throw new IllegalStateException(name + " read " + fields + " fields");
    }
    System.out.printf(
        Locale.ROOT,
        "round %d %s %7.3f s %,12.0f rows/s %7.1f MB/s%n",
        round,
        name,
        secs,
        rows / secs,
        csv.length() / 1048576.0 / secs);
    return secs;
  }

  static long handWritten(Reader in) throws IOException, CsvReader.CsvException {
    HandWrittenCsvReader reader = new HandWrittenCsvReader(in);
    long fields = 0;
    List<String> record;
    while ((record = reader.next()) != null) {
      fields += record.size();
    }
    return fields;
  }

  static long jackson(Reader in) throws IOException, CsvReader.CsvException {
    CsvReader reader = new CsvReader(in);
    long fields = 0;
    List<String> record;
    while ((record = reader.next()) != null) {
      fields += record.size();
    }
    return fields;
  }

  /**
   * Jackson's parser alone, without the checks that make {@link CsvReader} refuse what the
   * hand-written reader refused: what those checks cost.
   */
  static long jacksonRaw(Reader in) throws IOException {
    long fields = 0;
    try (CsvParser p = (CsvParser) RAW.createParser(in)) {
      p.enable(CsvParser.Feature.WRAP_AS_ARRAY);
      List<String> record = null;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.START_ARRAY) {
          record = new ArrayList<>(16);
        } else if (t == JsonToken.VALUE_STRING) {
          record.add(p.getText());
        } else if (t == JsonToken.END_ARRAY && record != null) {
          fields += record.size();
          record = null;
        }
      }
    }
    return fields;
  }

  /**
   * The rows of import-bench.sh's gen_csv, header first; {@code quoted}: with each name quoted and
   * holding a comma, as spreadsheets export them.
   */
  static String rows(int n, boolean quoted) {
    StringBuilder b = new StringBuilder(n * 90);
    b.append("name,number1,number2,email,ukey,timezone,var_SEGMENT\n");
    for (int i = 0; i < n; i++) {
      b.append(quoted ? "\"Customer, " : "Customer ")
          .append(i)
          .append(quoted ? "\"" : "")
          .append(",+33")
          .append(String.format("%09d", i))
          .append(',')
          .append(i % 3 == 0 ? String.format("+336%08d", i % 100_000_000) : "")
          .append(",c")
          .append(i)
          .append("@example.com,k-")
          .append(i)
          .append(',')
          .append(i % 5 == 0 ? "Europe/Paris" : "")
          .append(',')
          .append(i % 2 == 1 ? "gold" : "silver")
          .append('\n');
    }
    return b.toString();
  }
}
