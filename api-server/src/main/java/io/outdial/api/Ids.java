package io.outdial.api;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids of new resources: UUIDs of version 7 (RFC 9562), whose first 48 bits are the Unix time in
 * milliseconds and the rest random. Ids made one after the other sort in that order, so a bulk
 * import of a million entries appends to the primary key's B-tree instead of splitting pages all
 * over it (the reason for v7 rather than random v4).
 */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static long lastMillis;
  private static long sequence;

  private Ids() {}

  /** A new version 7 UUID; within one millisecond a 12-bit counter keeps them increasing. */
  public static String newId() {
    long millis;
    long seq;
    synchronized (Ids.class) {
      millis = System.currentTimeMillis();
      if (millis <= lastMillis) {
        millis = lastMillis;
        sequence++;
        if (sequence > 0xFFF) {
          // 4096 ids in one millisecond: borrow the next millisecond.
          millis = ++lastMillis;
          sequence = 0;
        }
      } else {
        lastMillis = millis;
        sequence = 0;
      }
      seq = sequence;
    }
    long msb = (millis << 16) | 0x7000L | seq;
    long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb).toString();
  }
}
