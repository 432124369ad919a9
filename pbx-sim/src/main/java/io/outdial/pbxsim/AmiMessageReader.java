package io.outdial.pbxsim;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads AMI messages (lines ended by an empty line) from a client. Accepts CRLF and bare LF, as
 * Asterisk does. Limits the size of a line and of a message so that a client sending garbage cannot
 * exhaust memory: going past them throws {@link MalformedAmiInputException} and the caller drops
 * that one connection.
 */
public final class AmiMessageReader {

  static final int MAX_LINE_BYTES = 64 * 1024;
  static final int MAX_LINES_PER_MESSAGE = 1024;

  private final InputStream in;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

  public AmiMessageReader(InputStream in) {
    this.in = new BufferedInputStream(in);
  }

  /** Thrown when the input cannot be an AMI message at all (a line or a message too long). */
  public static final class MalformedAmiInputException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedAmiInputException(String message) {
      super(message);
    }
  }

  /**
   * The lines of the next message, without line ends; null at end of stream. Blank lines between
   * messages are skipped. A message cut short by end of stream is returned as it is.
   */
  public List<String> readMessageLines() throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String next = readLine();
      if (next == null) {
        return lines.isEmpty() ? null : lines;
      }
      if (next.isEmpty()) {
        if (lines.isEmpty()) {
          continue;
        }
        return lines;
      }
      if (lines.size() >= MAX_LINES_PER_MESSAGE) {
        throw new MalformedAmiInputException(
            "more than " + MAX_LINES_PER_MESSAGE + " lines in one message");
      }
      lines.add(next);
    }
  }

  /** The next message, or null at end of stream. */
  public AmiMessage readMessage() throws IOException {
    List<String> lines = readMessageLines();
    return lines == null ? null : AmiMessage.parseLines(lines);
  }

  private String readLine() throws IOException {
    line.reset();
    while (true) {
      int b = in.read();
      if (b < 0) {
        return line.size() == 0 ? null : decodeLine();
      }
      if (b == '\n') {
        return decodeLine();
      }
      if (line.size() >= MAX_LINE_BYTES) {
        throw new MalformedAmiInputException("line longer than " + MAX_LINE_BYTES + " bytes");
      }
      line.write(b);
    }
  }

  private String decodeLine() {
    String text = line.toString(StandardCharsets.UTF_8);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }
}
