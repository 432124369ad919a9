package io.outdial.pbxsim;

/**
 * Masks phone numbers for logs: every digit but the last three becomes {@code *} ({@code
 * 5551234001} → {@code *******001}). Words such as {@code busy} carry no digits and stay as they
 * are, so scenario names remain readable.
 */
public final class PhoneNumberMask {

  private static final int VISIBLE_DIGITS = 3;

  private PhoneNumberMask() {}

  public static String mask(String number) {
    if (number == null) {
      return null;
    }
    int digits = 0;
    for (int i = 0; i < number.length(); i++) {
      if (Character.isDigit(number.charAt(i))) {
        digits++;
      }
    }
    int toMask = digits - VISIBLE_DIGITS;
    if (toMask <= 0) {
      return number;
    }
    StringBuilder masked = new StringBuilder(number.length());
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (Character.isDigit(c) && toMask > 0) {
        masked.append('*');
        toMask--;
      } else {
        masked.append(c);
      }
    }
    return masked.toString();
  }
}
