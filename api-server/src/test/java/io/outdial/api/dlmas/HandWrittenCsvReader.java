package io.outdial.api.dlmas;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * The hand-written CSV reader the import used before {@link CsvReader} moved to
 * jackson-dataformat-csv, kept as the reference that reader is compared with (CsvReaderTest) and
 * the baseline of {@link CsvReaderBench}.
 *
 * <p>A streaming CSV reader (RFC 4180): comma separated, fields optionally in double quotes with
 * {@code ""} for a quote inside, records ended by LF, CRLF or CR. It reads one record at a time and
 * knows the physical line each record starts on, so errors can name it even when a quoted field
 * spans lines. A record longer than {@link #MAX_RECORD_CHARS} is refused rather than read into
 * memory (an unterminated quote would otherwise swallow the rest of the upload).
 */
final class HandWrittenCsvReader {
  static final int MAX_RECORD_CHARS = CsvReader.MAX_RECORD_CHARS;

  private final Reader in;
  private final char[] buf = new char[64 * 1024];
  private int pos;
  private int len;
  private long line = 1;
  private long recordLine;
  private boolean eof;
  private final StringBuilder field = new StringBuilder(64);

  HandWrittenCsvReader(Reader in) {
    this.in = in;
  }

  /** The physical line (from 1) on which the last record returned by {@link #next} starts. */
  long recordLine() {
    return recordLine;
  }

  private int read() throws IOException {
    if (pos == len) {
      if (eof) {
        return -1;
      }
      len = in.read(buf, 0, buf.length);
      pos = 0;
      if (len <= 0) {
        len = 0;
        eof = true;
        return -1;
      }
    }
    return buf[pos++];
  }

  private int peek() throws IOException {
    int c = read();
    if (c >= 0) {
      pos--;
    }
    return c;
  }

  /** The fields of the next record, or null at the end; an empty line is one empty field. */
  List<String> next() throws IOException, CsvReader.CsvException {
    int c = read();
    if (c < 0) {
      return null;
    }
    recordLine = line;
    List<String> fields = new ArrayList<>(16);
    int recordChars = 0;
    field.setLength(0);
    boolean quoted = false;
    boolean afterQuote = false;
    boolean fieldStart = true;
    while (true) {
      if (c < 0) {
        if (quoted) {
          throw new CsvReader.CsvException(
              recordLine, "a quoted field is not closed before the end");
        }
        fields.add(field.toString());
        return fields;
      }
      if (++recordChars > MAX_RECORD_CHARS) {
        throw new CsvReader.CsvException(
            recordLine, "a record is longer than " + MAX_RECORD_CHARS + " characters");
      }
      char ch = (char) c;
      if (quoted) {
        if (ch == '"') {
          if (peek() == '"') {
            read();
            field.append('"');
          } else {
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (ch == '\n' || (ch == '\r' && peek() != '\n')) {
            line++;
          }
          field.append(ch);
        }
      } else if (ch == ',') {
        fields.add(field.toString());
        field.setLength(0);
        afterQuote = false;
        fieldStart = true;
        c = read();
        continue;
      } else if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && peek() == '\n') {
          read();
        }
        line++;
        fields.add(field.toString());
        return fields;
      } else if (afterQuote) {
        throw new CsvReader.CsvException(
            recordLine, "unexpected character '" + printable(ch) + "' after a closing quote");
      } else if (ch == '"' && fieldStart) {
        quoted = true;
      } else if (ch == '"') {
        throw new CsvReader.CsvException(
            recordLine,
            "a quote inside an unquoted field (quote the whole field and double the quote)");
      } else {
        field.append(ch);
      }
      fieldStart = false;
      c = read();
    }
  }

  private static String printable(char ch) {
    return Character.isISOControl(ch) ? String.format("\\u%04x", (int) ch) : String.valueOf(ch);
  }
}
