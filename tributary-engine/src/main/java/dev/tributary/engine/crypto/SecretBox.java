package dev.tributary.engine.crypto;

import dev.tributary.error.InvalidConfigException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens secrets with AES-256-GCM.
 *
 * <p>A sealed value is {@code [1 byte format][8 bytes key id][12 bytes IV][ciphertext + 16 bytes
 * tag]}. The associated data binds it to where it is stored (e.g. {@code connections/secrets/<id>})
 * so a value copied into another row does not open. Thread-safe.
 */
public final class SecretBox {

  private static final byte FORMAT = 1;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int HEADER = 1 + EncryptionKey.ID_BYTES + IV_BYTES;
  private static final String AES_GCM = "AES/GCM/NoPadding";
  /**
   * The provider of AES/GCM, found once: looking it up among the installed providers, for every
   * secret sealed or opened, was more than half the cost of opening one (every request to an app
   * opens its connection's secrets).
   */
  private static final Provider PROVIDER = aesGcmProvider();

  private static Provider aesGcmProvider() {
    try {
      return Cipher.getInstance(AES_GCM).getProvider();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is required by every JDK", e);
    }
  }

  private static Cipher aesGcm() throws GeneralSecurityException {
    return Cipher.getInstance(AES_GCM, PROVIDER);
  }

  private final AtomicReference<KeySet> keys;
  private final SecureRandom random = new SecureRandom();

  public SecretBox(KeySet keys) {
    this.keys = new AtomicReference<>(keys);
  }

  public KeySet keys() {
    return keys.get();
  }

  /** Makes {@code next} the key set; values sealed under its older keys stay readable. */
  public void useKeys(KeySet next) {
    keys.set(next);
  }

  /** Encrypts {@code plaintext} under the current key, bound to {@code associatedData}. */
  public byte[] seal(String plaintext, String associatedData) {
    EncryptionKey key = keys.get().current();
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    try {
      Cipher cipher = aesGcm();
      cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(HEADER + ciphertext.length)
          .put(FORMAT)
          .put(key.idBytes())
          .put(iv)
          .put(ciphertext)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is required by every JDK", e);
    }
  }

  /**
   * Decrypts a value {@link #seal sealed} with the same associated data.
   *
   * @throws InvalidConfigException if the value was sealed with a key that is not in the key set
   * @throws IllegalStateException if the value was altered or belongs to another place
   */
  public String open(byte[] sealed, String associatedData) {
    if (sealed.length < HEADER + TAG_BITS / 8 || sealed[0] != FORMAT) {
      throw new IllegalStateException("The stored secret at " + associatedData + " is not in a known format.");
    }
    String keyId = keyIdOf(sealed);
    EncryptionKey key =
        keys.get()
            .find(keyId)
            .orElseThrow(
                () ->
                    new InvalidConfigException(
                        "TRIBUTARY_ENCRYPTION_KEY",
                        "The stored secret at "
                            + associatedData
                            + " was encrypted with key "
                            + keyId
                            + ", which is not among the configured keys "
                            + keys.get()
                            + ". Restore that key (TRIBUTARY_ENCRYPTION_KEY, newest first and"
                            + " comma-separated, or the data directory's encryption.keys file)."));
    try {
      Cipher cipher = aesGcm();
      cipher.init(
          Cipher.DECRYPT_MODE,
          key.secretKey(),
          new GCMParameterSpec(TAG_BITS, sealed, 1 + EncryptionKey.ID_BYTES, IV_BYTES));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      byte[] plaintext = cipher.doFinal(sealed, HEADER, sealed.length - HEADER);
      return new String(plaintext, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new IllegalStateException(
          "The stored secret at " + associatedData + " failed its integrity check: it was altered"
              + " or copied from another record.", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is required by every JDK", e);
    }
  }

  /** The id of the key that sealed {@code sealed}. */
  public static String keyIdOf(byte[] sealed) {
    return HexFormat.of().formatHex(sealed, 1, 1 + EncryptionKey.ID_BYTES);
  }

  /** True when {@code sealed} was sealed with the current key. */
  public boolean isCurrent(byte[] sealed) {
    return keyIdOf(sealed).equals(keys.get().current().id());
  }
}
