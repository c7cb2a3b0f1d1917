package dev.tributary.engine.crypto;

import dev.tributary.error.InvalidConfigException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One 256-bit AES key. Its {@link #id()} is derived from the key itself (the first 8 bytes of its
 * SHA-256), so a sealed value can name its key without the key being stored anywhere else.
 */
public final class EncryptionKey {

  static final int KEY_BYTES = 32;
  static final int ID_BYTES = 8;

  private final SecretKey key;
  private final byte[] id;

  private EncryptionKey(byte[] material) {
    this.key = new SecretKeySpec(material.clone(), "AES");
    this.id = Arrays.copyOf(sha256(material), ID_BYTES);
  }

  /** A new random key. */
  public static EncryptionKey generate() {
    byte[] material = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(material);
    return new EncryptionKey(material);
  }

  /**
   * Reads a key written as base64 of exactly 32 bytes.
   *
   * @param setting where the value came from, named in the error
   * @throws InvalidConfigException if the value is not base64 of 32 bytes; the message never
   *     repeats the value
   */
  public static EncryptionKey parse(String base64, String setting) {
    byte[] material;
    try {
      material = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(setting, invalidMessage(setting, "is not valid base64"));
    }
    if (material.length != KEY_BYTES) {
      throw new InvalidConfigException(
          setting, invalidMessage(setting, "decodes to " + material.length + " bytes"));
    }
    return new EncryptionKey(material);
  }

  private static String invalidMessage(String setting, String problem) {
    return "Invalid encryption key in "
        + setting
        + ": it "
        + problem
        + ", but must be the base64 of exactly 32 random bytes. Generate one with"
        + " `openssl rand -base64 32`.";
  }

  /** The key id as 16 hex digits; safe to print. */
  public String id() {
    return HexFormat.of().formatHex(id);
  }

  byte[] idBytes() {
    return id.clone();
  }

  SecretKey secretKey() {
    return key;
  }

  /** The key as base64, for writing a key file. Never log this. */
  String toBase64() {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  private static byte[] sha256(byte[] material) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(material);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "EncryptionKey[id=" + id() + "]";
  }
}
