package io.outdial.api;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids of new resources: UUIDs of version 7 (RFC 9562), whose first 48 bits are the Unix time in
 * milliseconds and the rest random. Ids made one after the other sort in that order, so a bulk
 * import of a million entries appends to the primary key's B-tree instead of splitting pages all
 * over it (the reason for v7 rather than random v4). The random bits keep ids of different
 * processes apart; they are not a secret (access is by token), so they come from ThreadLocalRandom
 * rather than SecureRandom, whose lock and /dev/urandom reads were a few per cent of a bulk import.
 */
public final class Ids {
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
    long lsb =
        (ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb).toString();
  }
}
