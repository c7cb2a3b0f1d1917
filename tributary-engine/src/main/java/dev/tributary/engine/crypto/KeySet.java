package dev.tributary.engine.crypto;

import dev.tributary.error.InvalidConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys Tributary may decrypt with; the first is the current one, which every new write uses.
 * Rotation adds a new first key, re-encrypts, and then drops the old ones.
 */
public final class KeySet {

  private final List<EncryptionKey> keys;
  private final Map<String, EncryptionKey> byId = new LinkedHashMap<>();

  public KeySet(List<EncryptionKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a key set needs at least one key");
    }
    this.keys = List.copyOf(keys);
    for (EncryptionKey key : keys) {
      byId.putIfAbsent(key.id(), key);
    }
  }

  public static KeySet of(EncryptionKey... keys) {
    return new KeySet(List.of(keys));
  }

  /**
   * Reads a comma-separated list of base64 keys, newest first, e.g. the value of {@code
   * TRIBUTARY_ENCRYPTION_KEY} during a rotation: {@code "<new key>,<old key>"}.
   */
  public static KeySet parse(String commaSeparated, String setting) {
    List<EncryptionKey> keys = new ArrayList<>();
    for (String part : commaSeparated.split(",")) {
      if (!part.isBlank()) {
        keys.add(EncryptionKey.parse(part, setting));
      }
    }
    if (keys.isEmpty()) {
      throw new InvalidConfigException(
          setting,
          setting + " is empty: set it to the base64 of 32 random bytes (`openssl rand -base64 32`).");
    }
    return new KeySet(keys);
  }

  /** The key new writes use. */
  public EncryptionKey current() {
    return keys.getFirst();
  }

  public List<EncryptionKey> keys() {
    return keys;
  }

  public Optional<EncryptionKey> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** This set with {@code key} first. */
  public KeySet withCurrent(EncryptionKey key) {
    List<EncryptionKey> next = new ArrayList<>();
    next.add(key);
    next.addAll(keys);
    return new KeySet(next);
  }

  @Override
  public String toString() {
    return "KeySet" + keys.stream().map(EncryptionKey::id).toList();
  }
}
