package io.outdial.workflows;

import java.nio.charset.StandardCharsets;

/**
 * Summaries of workflows for the Temporal UI (user metadata). The server refuses a summary whose
 * payload is over 400 bytes by default (frontend.maxUserMetadataSummarySize); a campaign's name
 * alone may be 255 characters of up to 4 bytes each. A refused child start would fail the
 * campaign's workflow task again and again, so every summary is cut to fit, well under the limit.
 */
public final class Summaries {
  /** The most UTF-8 bytes of a summary's text once written as a JSON string. */
  public static final int MAX_JSON_BYTES = 300;

  private Summaries() {}

  /**
   * {@code text}, cut at a character boundary (with an ellipsis) to fit {@link #MAX_JSON_BYTES}.
   */
  public static String fit(String text) {
    if (jsonBytes(text) <= MAX_JSON_BYTES) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int bytes = 2 + jsonBytes("\u2026") - 2; // the quotes and the ellipsis
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      String c = new String(Character.toChars(cp));
      int b = jsonBytes(c) - 2;
      if (bytes + b > MAX_JSON_BYTES) {
        break;
      }
      out.append(c);
      bytes += b;
      i += Character.charCount(cp);
    }
    return out.append('\u2026').toString();
  }

  /** The UTF-8 size of {@code s} written as a JSON string, quotes included. */
  static int jsonBytes(String s) {
    int n = 2;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (cp == '"' || cp == '\\') {
        n += 2;
      } else if (cp < 0x20 || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
        n += 6; // written as a six-character escape at most
      } else {
        n += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      }
      i += Character.charCount(cp);
    }
    return n;
  }
}
