package io.outdial.api.dlmas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A streaming CSV reader (RFC 4180) on jackson-dataformat-csv: comma separated, fields optionally
 * in double quotes with {@code ""} for a quote inside, records ended by LF, CRLF or CR. It reads
 * one record at a time and knows the physical line each record starts on, so errors can name it
 * even when a quoted field spans lines. A record longer than {@link #MAX_RECORD_CHARS} is refused
 * rather than read into memory (an unterminated quote would otherwise swallow the rest of the
 * upload).
 *
 * <p>Jackson's parser is lenient where the import is not: it takes a quote inside an unquoted field
 * literally. Such a field cannot be told from a quoted one by its value ({@code 10"01} and {@code
 * "10""01"} read the same), so the reader notes where the input has quotes and checks the first
 * character of every field whose value holds one. Jackson also skips blanks and control characters
 * between a closing quote and the separator, which the hand-written reader refused; nothing is lost
 * by accepting them.
 */
public final class CsvReader {
  static final int MAX_RECORD_CHARS = 1_000_000;

  /** One factory for every import: it is thread-safe and holds Jackson's buffer recyclers. */
  private static final CsvFactory FACTORY =
      CsvFactory.builder()
          // A field, however it is quoted, is never buffered beyond the length of a whole record.
          .streamReadConstraints(
              StreamReadConstraints.builder().maxStringLength(MAX_RECORD_CHARS).build())
          .build();

  /** Jackson's words for a character after a closing quote; the code is the character's. */
  private static final Pattern UNEXPECTED =
      Pattern.compile("^Unexpected character \\('.*?' \\(code (\\d+)\\)\\)");

  /** A record that cannot be read; the reader cannot go on after it. */
  public static final class CsvException extends Exception {
    public final long line;

    CsvException(long line, String message) {
      super(message, null, false, false);
      this.line = line;
    }
  }

  private final QuoteOffsets quotes;
  private final CsvParser parser;
  private boolean started;
  private long recordLine;
  private long nextLine = 1;

  public CsvReader(Reader in) throws IOException {
    quotes = new QuoteOffsets(in);
    parser = (CsvParser) FACTORY.createParser(quotes);
    // Each record as an array of strings; no schema, so no column is named or skipped.
    parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    parser.disable(CsvParser.Feature.ALLOW_TRAILING_COMMA);
  }

  /** The physical line (from 1) on which the last record returned by {@link #next} starts. */
  public long recordLine() {
    return recordLine;
  }

  /** The fields of the next record, or null at the end; an empty line is one empty field. */
  public List<String> next() throws IOException, CsvException {
    try {
      JsonToken t = parser.nextToken();
      if (!started) {
        started = true;
        t = parser.nextToken(); // past the array that wraps all records
      }
      if (t != JsonToken.START_ARRAY) {
        return null;
      }
      // Counted here, not taken from Jackson's location, which counts a CR LF inside a quoted
      // field as two lines when its buffer ends between them.
      recordLine = nextLine;
      long breaks = 0;
      List<String> fields = new ArrayList<>(16);
      // The record's characters as far as its values and separators go: a quoted field's quotes
      // are not counted, Jackson's string limit bounds what one field can hold.
      long chars = -1;
      while ((t = parser.nextToken()) == JsonToken.VALUE_STRING) {
        String value = parser.getText();
        chars += value.length() + 1;
        if (chars > MAX_RECORD_CHARS) {
          throw tooLong();
        }
        if (fields.isEmpty()) {
          // Where a field starts is exact in Jackson's token locations (other locations are
          // not, at the end of the input in particular). Asked only where needed: each answer
          // is an object.
          quotes.forgetBefore(parser.currentTokenLocation().getCharOffset());
        }
        // With no quote in the input from the record's start to as far as Jackson has read, no
        // field of it is quoted or holds a quote: the common case, and nothing to check.
        if (quotes.any()) {
          if (value.indexOf('"') >= 0
              && !quotes.quoteAt(parser.currentTokenLocation().getCharOffset())) {
            throw new CsvException(
                recordLine,
                "a quote inside an unquoted field (quote the whole field and double the quote)");
          }
          breaks += lineBreaks(value);
        }
        fields.add(value);
      }
      nextLine = recordLine + 1 + breaks;
      return fields;
    } catch (StreamConstraintsException e) {
      throw tooLong();
    } catch (JsonProcessingException e) {
      throw translate(e);
    }
  }

  /**
   * The input, passed on to Jackson, with the offsets of its quote characters noted on the way, so
   * that a field can be told quoted or not by its first character. Offsets before the record being
   * read are dropped, which keeps the list as short as Jackson's look-ahead and one record.
   */
  private static final class QuoteOffsets extends FilterReader {
    private long[] offsets = new long[64];
    private int head;
    private int tail;
    private long read;

    QuoteOffsets(Reader in) {
      super(in);
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      int n = in.read(buf, off, len);
      for (int i = 0; i < n; i++) {
        if (buf[off + i] == '"') {
          add(read + i);
        }
      }
      if (n > 0) {
        read += n;
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      char[] one = new char[1];
      return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    private void add(long offset) {
      if (tail == offsets.length) {
        if (head > offsets.length / 2) {
          System.arraycopy(offsets, head, offsets, 0, tail - head);
        } else {
          offsets = Arrays.copyOf(offsets, offsets.length * 2);
          System.arraycopy(offsets, head, offsets, 0, tail - head);
        }
        tail -= head;
        head = 0;
      }
      offsets[tail++] = offset;
    }

    boolean any() {
      return head < tail;
    }

    void forgetBefore(long offset) {
      while (head < tail && offsets[head] < offset) {
        head++;
      }
    }

    /** Whether the character at {@code offset} (not before the record being read) is a quote. */
    boolean quoteAt(long offset) {
      for (int i = head; i < tail && offsets[i] <= offset; i++) {
        if (offsets[i] == offset) {
          return true;
        }
      }
      return false;
    }
  }

  /** The line breaks inside a field (only a quoted one has any): LF, CR LF or CR alone. */
  private static long lineBreaks(String value) {
    if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return 0;
    }
    long breaks = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 == value.length() || value.charAt(i + 1) != '\n'))) {
        breaks++;
      }
    }
    return breaks;
  }

  private CsvException tooLong() {
    return new CsvException(
        recordLine, "a record is longer than " + MAX_RECORD_CHARS + " characters");
  }

  /** Jackson's parse errors in the words the import has always used for them. */
  private CsvException translate(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message.startsWith("Missing closing quote")) {
      return new CsvException(recordLine, "a quoted field is not closed before the end");
    }
    Matcher m = UNEXPECTED.matcher(message);
    if (m.find() && message.contains("Expected column separator")) {
      char ch = (char) Integer.parseInt(m.group(1));
      return new CsvException(
          recordLine, "unexpected character '" + printable(ch) + "' after a closing quote");
    }
    return new CsvException(recordLine, message);
  }

  private static String printable(char ch) {
    return Character.isISOControl(ch) ? String.format("\\u%04x", (int) ch) : String.valueOf(ch);
  }
}
