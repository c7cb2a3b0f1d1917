package dev.tributary.engine.store;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered ids (UUID version 7, RFC 9562): a 48-bit millisecond timestamp then random bits.
 * Their string forms sort in creation order, which keyset paging relies on.
 */
public final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String newId() {
    long millis = System.currentTimeMillis();
    long randomHigh = RANDOM.nextLong();
    long randomLow = RANDOM.nextLong();
    long msb = (millis << 16) | 0x7000L | (randomHigh & 0x0FFFL);
    long lsb = (randomLow & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
