package dev.tributary.engine.store;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered ids (UUID version 7, RFC 9562): a 48-bit millisecond timestamp, a 12-bit counter
 * for ids made in the same millisecond, then random bits. Within a process their string forms sort
 * in creation order, which keyset paging relies on.
 */
public final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int COUNTER_MAX = 0xFFF;
  private static long lastMillis;
  private static int counter;

  private Ids() {}

  public static String newId() {
    long millis;
    int sequence;
    synchronized (Ids.class) {
      millis = Math.max(System.currentTimeMillis(), lastMillis);
      if (millis == lastMillis) {
        if (counter == COUNTER_MAX) {
          millis++; // borrow the next millisecond rather than break the order
          counter = 0;
        } else {
          counter++;
        }
      } else {
        counter = 0;
      }
      lastMillis = millis;
      sequence = counter;
    }
    long randomLow = RANDOM.nextLong();
    long msb = (millis << 16) | 0x7000L | sequence;
    long lsb = (randomLow & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
