package io.outdial.store;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Numbers as do-not-call lists keep them and look them up (Google's libphonenumber): a phone
 * number, read in a region when it has no leading + ({@code 01 23 45 67 89} in FR), is its E.164
 * form ({@code +33123456789}); anything else that is made of digits and separators is its digits
 * (with a leading + kept), and any other text (a dial string such as {@code Local/100@sales}) is
 * itself in lower case without surrounding blanks. A number dialed and a number listed match when
 * their normal forms do.
 */
public final class PhoneNumbers {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private PhoneNumbers() {}

  /** Whether {@code region} is an ISO 3166 alpha-2 region libphonenumber knows (FR, US, GB ...). */
  public static boolean isRegion(String region) {
    return region != null && UTIL.getSupportedRegions().contains(region);
  }

  /**
   * The normal form of {@code raw}, read in {@code region} (null: only numbers with a leading + or
   * 00 and a country code are phone numbers). It fits where {@code raw} fits: an E.164 number has
   * at most 16 characters, and the other forms no more characters than {@code raw}.
   */
  public static String normalise(String raw, String region) {
    String s = raw.strip();
    if (s.isEmpty()) {
      return s;
    }
    if (looksLikeANumber(s)) {
      try {
        PhoneNumber n = UTIL.parse(s, region == null ? "ZZ" : region);
        if (UTIL.isPossibleNumber(n)) {
          return UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164);
        }
      } catch (NumberParseException e) {
        // Not a phone number in that region: its digits below.
      }
      StringBuilder digits = new StringBuilder(s.length());
      if (s.charAt(0) == '+') {
        digits.append('+');
      }
      s.chars().filter(Character::isDigit).forEach(c -> digits.append((char) c));
      return digits.toString();
    }
    // Code point by code point, so that the form has as many characters as the text.
    StringBuilder lower = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> lower.appendCodePoint(Character.toLowerCase(cp)));
    return lower.toString();
  }

  /** Digits, at least one, and only the separators people write numbers with. */
  private static boolean looksLikeANumber(String s) {
    boolean digit = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (!(c == ' '
          || c == '-'
          || c == '.'
          || c == '('
          || c == ')'
          || c == '/'
          || (c == '+' && i == 0))) {
        return false;
      }
    }
    return digit;
  }
}
