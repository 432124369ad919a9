package io.outdial.workflows;

import java.nio.charset.StandardCharsets;

/**
 * How much an Asterisk manager session reads, from Asterisk's {@code main/manager.c} and {@code
 * include/asterisk/manager.h} (22.x): what the API accepts for an Originate must fit these, and
 * the worker refuses (as a permanent failure) what does not, instead of letting Asterisk drop it.
 */
public final class AmiLimits {
  private AmiLimits() {}

  /**
   * A manager session's input buffer holds 1024 bytes; a line without its end in them is
   * discarded and the whole action refused ("Failed to parse message: line too long").
   */
  public static final int LINE_BYTES = 1024;
  /** {@code AST_MAX_MANHEADERS}: headers past the 128th of one action are dropped silently. */
  public static final int MAX_HEADERS = 128;
  /**
   * Headers of our Originate besides its variables: Action, ActionID, Channel, ChannelId,
   * Timeout, CallerID, Async, EarlyMedia, Codecs, and Context/Exten/Priority or Application/Data.
   */
  public static final int ORIGINATE_FIXED_HEADERS = 12;
  /**
   * Variables one Originate can carry: each is its own {@code Variable: name=value} header.
   */
  public static final int ORIGINATE_VARIABLES = MAX_HEADERS - ORIGINATE_FIXED_HEADERS;
  /**
   * Variables each of the four layers that are merged into a call may hold (plan, destination,
   * dial list, entry), so that their union always fits {@link #ORIGINATE_VARIABLES}.
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

  /** Whether the channel variable {@code Variable: name=value} fits one line. */
  public static boolean variableFits(String name, String value) {
    return fitsLine("Variable", name + "=" + value);
  }

  /** Most bytes of UTF-8 a header's value may have. */
  public static int valueBytes(String header) {
    return LINE_BYTES - header.length() - 4;
  }
}
