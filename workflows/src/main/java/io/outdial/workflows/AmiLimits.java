package io.outdial.workflows;

import java.nio.charset.StandardCharsets;

/**
 * How much an Asterisk manager session reads, from Asterisk's {@code main/manager.c} and {@code
 * include/asterisk/manager.h} (22.x): what the API accepts for an Originate must fit these, and the
 * worker refuses (as a permanent failure) what does not, instead of letting Asterisk drop it.
 */
public final class AmiLimits {
  private AmiLimits() {}

  /**
   * A manager session's input buffer holds 1024 bytes; a line without its end in them is discarded
   * and the whole action refused ("Failed to parse message: line too long").
   */
  public static final int LINE_BYTES = 1024;

  /** {@code AST_MAX_MANHEADERS}: headers past the 128th of one action are dropped silently. */
  public static final int MAX_HEADERS = 128;

  /**
   * Headers of our Originate besides its variables: Action, ActionID, Channel, ChannelId, Timeout,
   * CallerID, Async, EarlyMedia, Codecs, and Context/Exten/Priority or Application/Data.
   */
  public static final int ORIGINATE_FIXED_HEADERS = 12;

  /** Variables one Originate can carry: each is its own {@code Variable: name=value} header. */
  public static final int ORIGINATE_VARIABLES = MAX_HEADERS - ORIGINATE_FIXED_HEADERS;

  /**
   * Variables each of the four layers that are merged into a call may hold (plan, destination, dial
   * list, entry), so that their union always fits {@link #ORIGINATE_VARIABLES}.
   */
  public static final int VARIABLES_PER_LAYER = ORIGINATE_VARIABLES / 4;

  /** Originate copies its Channel into a 256-byte buffer before it splits tech and resource. */
  public static final int CHANNEL_BYTES = 255;

  /** {@code AST_MAX_CONTEXT} and {@code AST_MAX_EXTENSION} are 80, with the terminating NUL. */
  public static final int CONTEXT_CHARS = 79;

  public static final int EXTEN_CHARS = 79;

  /** Bytes of the header line {@code name: value} with its CRLF. */
  public static int lineBytes(String name, String value) {
    return name.length() + 2 + value.getBytes(StandardCharsets.UTF_8).length + 2;
  }

  /** Whether {@code name: value} fits one manager input line. */
  public static boolean fitsLine(String name, String value) {
    return lineBytes(name, value) <= LINE_BYTES;
  }

  /**
   * Whether the channel variable {@code Variable: name=value} fits one line, its value escaped as
   * {@link #escapeVariableValue} sends it.
   */
  public static boolean variableFits(String name, String value) {
    return fitsLine("Variable", name + "=" + escapeVariableValue(value));
  }

  /**
   * Characters of a variable's value that Asterisk's argument parser reads as syntax: it splits a
   * {@code Variable:} header at commas (outside quotes, parentheses and brackets), drops double
   * quotes and takes a backslash as "the next character as it is" (main/manager.c
   * man_do_variable_value, main/app.c __ast_app_separate_args). Unescaped, "Smith, X=evil" arrives
   * as two variables, V=Smith and " X"=evil (checked against Asterisk 22.10.1).
   */
  static final String VARIABLE_SYNTAX = "\\\",()[]";

  /** {@code value} with a backslash before each of {@link #VARIABLE_SYNTAX}: Asterisk keeps it. */
  public static String escapeVariableValue(String value) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (VARIABLE_SYNTAX.indexOf(c) >= 0) {
        if (out == null) {
          out = new StringBuilder(value.length() + 8).append(value, 0, i);
        }
        out.append('\\');
      }
      if (out != null) {
        out.append(c);
      }
    }
    return out == null ? value : out.toString();
  }

  /** How many backslashes {@link #escapeVariableValue} adds to {@code value}. */
  public static int escapesIn(String value) {
    int n = 0;
    for (int i = 0; i < value.length(); i++) {
      if (VARIABLE_SYNTAX.indexOf(value.charAt(i)) >= 0) {
        n++;
      }
    }
    return n;
  }

  /** Most bytes of UTF-8 a header's value may have. */
  public static int valueBytes(String header) {
    return LINE_BYTES - header.length() - 4;
  }
}
