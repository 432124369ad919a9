package io.outdial.api.dlmas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.outdial.api.Ids;
import io.outdial.api.errors.ApiError;
import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.FieldError;
import io.outdial.api.errors.JsonInputExceptionMapper;
import io.outdial.api.errors.Violations;
import io.outdial.store.EntryStore;
import io.outdial.store.EntryStore.EntrySink;
import io.outdial.store.Rows;
import io.outdial.store.Rows.EntryRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bulk import of dial list entries from a JSON array or a CSV file, streamed: the body is read one
 * row at a time, each row is checked as it comes, and rows are written in batches of {@value
 * #BATCH_SIZE} inside one transaction, so memory stays flat whatever the size and a refused import
 * writes nothing. After the first bad row nothing more is written, but reading goes on to the end
 * so that the error names every bad row (the first {@value #MAX_LISTED_ERRORS} errors are listed,
 * the rest counted).
 */
public final class EntryImporter {
  public static final int BATCH_SIZE = 5000;
  public static final int MAX_ENTRIES = 1_000_000;
  public static final int MAX_LISTED_ERRORS = 1000;

  /** The ids of an import are listed when it has at most this many entries. */
  public static final int MAX_IDS_SHOWN = 1000;

  /** Longest string the import's JSON parser accepts (the longest field is 65,535). */
  static final int MAX_JSON_STRING = 1_000_000;

  /** The columns a CSV header may name, besides {@code var_<name>} for variables. */
  public static final List<String> CSV_COLUMNS =
      List.of(
          "name",
          "detail",
          "number1",
          "number2",
          "number3",
          "number4",
          "number5",
          "number6",
          "number7",
          "number8",
          "email",
          "ukey",
          "timezone");

  public static final String CSV_VARIABLE_PREFIX = "var_";

  /** Answer to an import: how many entries were added, and their ids for small imports. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EntriesCreated(long created, List<String> ids) {}

  private final EntryStore entries;
  private final ObjectMapper mapper;
  private final ObjectReader entryReader;

  public EntryImporter(EntryStore entries, ObjectMapper apiMapper) {
    this.entries = entries;
    JsonFactory factory = apiMapper.getFactory().copy();
    factory.setStreamReadConstraints(
        StreamReadConstraints.builder()
            .maxStringLength(MAX_JSON_STRING)
            .maxNestingDepth(32)
            .build());
    this.mapper = apiMapper.copyWith(factory);
    // One array element at a time: the rest of the array is not "trailing" here.
    this.entryReader =
        mapper
            .readerFor(EntryRequest.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** What one import saw: its errors, how many rows, and the ids of the first ones. */
  private static final class Outcome {
    final Violations violations = new Violations(MAX_LISTED_ERRORS);
    final List<String> ids = new ArrayList<>();
    long rows;
    long badRows;
    boolean unreadable;
    EntrySink sink;

    /** Counts a row; writes it while no row has been refused (the import is lost anyway then). */
    void row(EntryRow entry) {
      if (entry != null && violations.isEmpty()) {
        sink.add(entry);
        if (ids.size() <= MAX_IDS_SHOWN) {
          ids.add(entry.id());
        }
      }
    }

    void tooMany() {
      throw ApiException.invalid(
          "invalid entries, none was added",
          List.of(new FieldError("body", "must hold at most " + MAX_ENTRIES + " entries")));
    }

    /** Throws the refusal, rolling the import back, when any row was bad. */
    void finish() {
      if (!violations.isEmpty()) {
        long n = violations.count();
        List<FieldError> listed = violations.errors();
        String message =
            (unreadable ? "unreadable entries" : "invalid entries")
                + ", none was added: "
                + badRows
                + (badRows == 1 ? " bad row" : " bad rows")
                + (n > listed.size()
                    ? " (" + n + " errors, the first " + listed.size() + " listed)"
                    : "");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("badRows", badRows);
        details.put("errorCount", n);
        throw new ApiException(new ApiError(unreadable ? 400 : 422, message, listed, details));
      }
      if (rows == 0) {
        throw ApiException.invalid(
            "invalid entries", List.of(new FieldError("body", "must hold at least one entry")));
      }
    }

    EntriesCreated created(long written) {
      return new EntriesCreated(written, written <= MAX_IDS_SHOWN ? List.copyOf(ids) : null);
    }
  }

  /**
   * Imports a JSON array of entries. Rows are named by their index in the array ({@code [3]}).
   *
   * @return null when the list does not exist
   */
  public EntriesCreated importJson(String dlmaId, InputStream body) throws IOException {
    Outcome o = new Outcome();
    long written =
        entries.importEntries(
            dlmaId,
            BATCH_SIZE,
            sink -> {
              o.sink = sink;
              try (JsonParser p = mapper.createParser(body)) {
                JsonToken t = p.nextToken();
                if (t == null) {
                  throw ApiException.badRequest("a JSON body is required", List.of());
                }
                if (t != JsonToken.START_ARRAY) {
                  throw ApiException.badRequest(
                      "the body must be a JSON array of entries",
                      List.of(new FieldError("body", "must be an array")));
                }
                int index = 0;
                JsonStreamContext array = p.getParsingContext();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                  if (t == null) {
                    throw ApiException.badRequest(
                        "malformed JSON: the array is not closed", List.of());
                  }
                  if (index == MAX_ENTRIES) {
                    o.tooMany();
                  }
                  jsonRow(o, dlmaId, index, p, array);
                  index++;
                }
                if (p.nextToken() != null) {
                  throw ApiException.badRequest(
                      "malformed JSON: content after the array", List.of());
                }
              } catch (JsonProcessingException e) {
                throw new ApiException(JsonInputExceptionMapper.errorOf(e));
              }
              o.finish();
            });
    return written < 0 ? null : o.created(written);
  }

  /**
   * Reads the array element at the parser's current token straight into an {@link EntryRequest} and
   * checks it. A element that cannot be read (wrong type, unknown field) is recorded and skipped to
   * its end, so the elements after it are still checked; malformed JSON ends the import (the parser
   * cannot go on).
   */
  private void jsonRow(Outcome o, String dlmaId, int index, JsonParser p, JsonStreamContext array)
      throws IOException {
    o.rows++;
    Violations v = o.violations.atIndex(index).under("[" + index + "]");
    long before = o.violations.count();
    if (p.currentToken() != JsonToken.START_OBJECT) {
      v.add("", "must be an object");
      p.skipChildren();
    } else {
      EntryRequest request = null;
      try {
        request = entryReader.readValue(p);
      } catch (com.fasterxml.jackson.core.exc.StreamReadException e) {
        throw e;
      } catch (JsonProcessingException e) {
        o.unreadable = true;
        ApiError error = JsonInputExceptionMapper.errorOf(e);
        if (error.errors().isEmpty()) {
          v.add("", error.message());
        }
        for (FieldError f : error.errors()) {
          v.add(f.field().equals("body") ? "" : "." + f.field(), f.rule());
        }
        // Skip what is left of the element: back to the array's level.
        while (p.getParsingContext() != array) {
          if (p.nextToken() == null) {
            throw ApiException.badRequest("malformed JSON: the array is not closed", List.of());
          }
        }
      }
      if (request != null) {
        o.row(request.toRow(Ids.newId(), dlmaId, v.under(".")));
      }
    }
    if (o.violations.count() > before) {
      o.badRows++;
    }
  }

  /**
   * Imports CSV: a header row naming the columns ({@link #CSV_COLUMNS} and {@code var_<name>}),
   * then one entry per row. Rows are named by their physical line (the header is line 1). Empty
   * lines are skipped; an empty cell is an absent value.
   *
   * @return null when the list does not exist
   */
  public EntriesCreated importCsv(String dlmaId, InputStream body, Charset charset)
      throws IOException {
    Outcome o = new Outcome();
    long written =
        entries.importEntries(
            dlmaId,
            BATCH_SIZE,
            sink -> {
              o.sink = sink;
              Reader reader =
                  new InputStreamReader(
                      body,
                      charset
                          .newDecoder()
                          .onMalformedInput(CodingErrorAction.REPORT)
                          .onUnmappableCharacter(CodingErrorAction.REPORT));
              CsvReader csv = new CsvReader(reader);
              try {
                List<String> header = csv.next();
                while (header != null && isEmpty(header)) {
                  header = csv.next();
                }
                if (header == null) {
                  throw ApiException.badRequest(
                      "a CSV body with a header row is required", List.of());
                }
                Columns columns = Columns.of(header, csv.recordLine());
                List<String> record;
                while ((record = csv.next()) != null) {
                  if (isEmpty(record)) {
                    continue;
                  }
                  if (o.rows == MAX_ENTRIES) {
                    o.tooMany();
                  }
                  csvRow(o, dlmaId, columns, record, csv.recordLine());
                }
              } catch (CsvReader.CsvException e) {
                throw ApiException.badRequest(
                    "malformed CSV at line " + e.line + ": " + e.getMessage(),
                    List.of(new FieldError("body", e.getMessage(), e.line, null)));
              } catch (CharacterCodingException e) {
                throw ApiException.badRequest(
                    "the CSV body is not valid "
                        + charset.name()
                        + " text (near line "
                        + csv.recordLine()
                        + ")",
                    List.of());
              }
              o.finish();
            });
    return written < 0 ? null : o.created(written);
  }

  private static boolean isEmpty(List<String> record) {
    return record.size() == 1 && record.get(0).isEmpty();
  }

  private void csvRow(Outcome o, String dlmaId, Columns c, List<String> record, long line) {
    o.rows++;
    Violations v = o.violations.atLine(line).renamed(EntryImporter::csvColumnOf);
    long before = o.violations.count();
    if (record.size() != c.names.size()) {
      v.add("row", "has " + record.size() + " fields, the header has " + c.names.size());
    } else {
      List<String> numbers = new ArrayList<>(Rows.NUMBER_SLOTS);
      for (int i = 0; i < Rows.NUMBER_SLOTS; i++) {
        numbers.add(c.number[i] < 0 ? "" : record.get(c.number[i]));
      }
      Map<String, String> variables = new LinkedHashMap<>();
      for (int i = 0; i < c.variableNames.size(); i++) {
        String value = record.get(c.variableColumns.get(i));
        if (!value.isEmpty()) {
          variables.put(c.variableNames.get(i), value);
        }
      }
      EntryRequest request =
          new EntryRequest(
              cell(record, c.name),
              cell(record, c.detail),
              numbers,
              cell(record, c.email),
              cell(record, c.ukey),
              variables,
              cell(record, c.timezone));
      o.row(request.toRow(Ids.newId(), dlmaId, v));
    }
    if (o.violations.count() > before) {
      o.badRows++;
    }
  }

  private static String cell(List<String> record, int column) {
    if (column < 0) {
      return null;
    }
    String value = record.get(column);
    return value.isEmpty() ? null : value;
  }

  /** The CSV column a field of {@link EntryRequest} comes from, for error messages. */
  static String csvColumnOf(String field) {
    if (field.startsWith("numbers[") && field.endsWith("]")) {
      try {
        return "number" + (Integer.parseInt(field.substring(8, field.length() - 1)) + 1);
      } catch (NumberFormatException e) {
        return field;
      }
    }
    if (field.startsWith("variables.")) {
      return CSV_VARIABLE_PREFIX + field.substring("variables.".length());
    }
    if (field.equals("variables")) {
      return CSV_VARIABLE_PREFIX + "*";
    }
    return field;
  }

  /** Where each known column is in the header (-1 when absent). */
  private static final class Columns {
    final List<String> names;
    int name = -1;
    int detail = -1;
    int email = -1;
    int ukey = -1;
    int timezone = -1;
    final int[] number = new int[Rows.NUMBER_SLOTS];
    final List<String> variableNames = new ArrayList<>();
    final List<Integer> variableColumns = new ArrayList<>();

    private Columns(List<String> names) {
      this.names = names;
      java.util.Arrays.fill(number, -1);
    }

    static Columns of(List<String> header, long line) {
      Columns c = new Columns(header);
      Violations v = new Violations();
      Map<String, Integer> seen = new LinkedHashMap<>();
      boolean anyNumber = false;
      for (int i = 0; i < header.size(); i++) {
        String raw =
            i == 0 && header.get(0).startsWith("\uFEFF")
                ? header.get(0).substring(1)
                : header.get(i);
        String col = raw.strip();
        String key = col.toLowerCase(Locale.ROOT);
        Violations at = v.atLine(line);
        if (col.isEmpty()) {
          at.add("column " + (i + 1), "has no name");
          continue;
        }
        if (key.startsWith(CSV_VARIABLE_PREFIX)) {
          String variable = col.substring(CSV_VARIABLE_PREFIX.length());
          key = CSV_VARIABLE_PREFIX + variable;
          if (!Violations.isVariableName(variable)) {
            at.add(
                col,
                "variable names must match "
                    + Violations.VARIABLE_NAME.pattern()
                    + " and be at most "
                    + Violations.VARIABLE_NAME_MAX
                    + " characters");
            continue;
          }
          c.variableNames.add(variable);
          c.variableColumns.add(i);
        } else if (!CSV_COLUMNS.contains(key)) {
          at.add(
              col,
              "is not a known column (known: "
                  + String.join(", ", CSV_COLUMNS)
                  + ", and var_<name> for variables)");
          continue;
        }
        if (seen.put(key, i) != null) {
          at.add(col, "is named twice");
          continue;
        }
        switch (key) {
          case "name" -> c.name = i;
          case "detail" -> c.detail = i;
          case "email" -> c.email = i;
          case "ukey" -> c.ukey = i;
          case "timezone" -> c.timezone = i;
          default -> {
            if (key.startsWith("number")) {
              c.number[Integer.parseInt(key.substring(6)) - 1] = i;
              anyNumber = true;
            }
          }
        }
      }
      if (!anyNumber && v.isEmpty()) {
        v.atLine(line).add("header", "must name at least one of number1 ... number8");
      }
      if (!v.isEmpty()) {
        throw ApiException.badRequest("invalid CSV header", v.errors());
      }
      return c;
    }
  }
}
