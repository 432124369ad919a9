package io.outdial.pbxsim;

/**
 * The {@code Channel} of an Originate: {@code <tech>/<number>[@<context>]}, e.g. {@code
 * Local/busy@targets} or {@code PJSIP/5551001@trunk}. The number decides the outcome; the context
 * matters only for Local channels, where it names a dialplan context. Two common forms are read the
 * way Asterisk reads them: Local channel options after the context ({@code
 * Local/5551001@targets/n}: context {@code targets}) and a peer before the number ({@code
 * SIP/trunk/5551001}: number {@code 5551001}).
 */
public record DialString(String raw, String tech, String number, String context) {

  /**
   * Parses a dial string; returns null when it has no {@code tech/} part (Asterisk refuses those).
   */
  public static DialString parse(String raw) {
    if (raw == null) {
      return null;
    }
    int slash = raw.indexOf('/');
    if (slash <= 0) {
      return null;
    }
    String tech = raw.substring(0, slash);
    String rest = raw.substring(slash + 1);
    int at = rest.indexOf('@');
    String number = at < 0 ? rest : rest.substring(0, at);
    int peerSeparator = number.lastIndexOf('/');
    if (peerSeparator >= 0) {
      number = number.substring(peerSeparator + 1);
    }
    String context = at < 0 ? null : rest.substring(at + 1);
    if (context != null && context.indexOf('/') >= 0) {
      context = context.substring(0, context.indexOf('/'));
    }
    return new DialString(raw, tech, number, context);
  }

  /** The dial string without its technology, as Asterisk reports it in DialBegin's DialString. */
  public String target() {
    return raw.substring(tech.length() + 1);
  }

  /**
   * What channel names start with: the dial string, without a Local channel's options ({@code
   * Local/5551001@targets/n} makes {@code Local/5551001@targets-0000002a;1}).
   */
  public String channelNameBase() {
    if (isLocal() && context != null) {
      return tech + "/" + raw.substring(tech.length() + 1, raw.indexOf('@')) + "@" + context;
    }
    return raw;
  }

  public boolean isLocal() {
    return "Local".equalsIgnoreCase(tech);
  }

  /** The dial string with its number masked, for logs. */
  public String masked() {
    return raw.replace(number, PhoneNumberMask.mask(number));
  }
}
