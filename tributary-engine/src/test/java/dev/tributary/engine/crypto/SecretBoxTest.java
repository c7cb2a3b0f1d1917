package dev.tributary.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.error.InvalidConfigException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

  private final EncryptionKey key = EncryptionKey.generate();
  private final SecretBox box = new SecretBox(KeySet.of(key));

  @Test
  void sealedValueOpensWithTheSameAssociatedData() {
    byte[] sealed = box.seal("{\"apiKey\":\"abc\"}", "connections/secrets/1");

    assertThat(box.open(sealed, "connections/secrets/1")).isEqualTo("{\"apiKey\":\"abc\"}");
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("apiKey");
    assertThat(SecretBox.keyIdOf(sealed)).isEqualTo(key.id());
  }

  @Test
  void sealingTwiceGivesDifferentBytes() {
    assertThat(box.seal("same", "a")).isNotEqualTo(box.seal("same", "a"));
  }

  @Test
  void valueMovedToAnotherRowDoesNotOpen() {
    byte[] sealed = box.seal("secret", "connections/secrets/1");

    assertThatThrownBy(() -> box.open(sealed, "connections/secrets/2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The stored secret at connections/secrets/2 failed its integrity check: it was altered or copied from another record.");
  }

  @Test
  void alteredValueDoesNotOpen() {
    byte[] sealed = box.seal("secret", "a");
    sealed[sealed.length - 1] ^= 1;

    assertThatThrownBy(() -> box.open(sealed, "a")).hasMessageContaining("failed its integrity check");
  }

  @Test
  void valueSealedWithAnOlderKeyStaysReadableAfterANewKeyIsAdded() {
    byte[] sealed = box.seal("old", "a");
    var rotated = new SecretBox(KeySet.of(EncryptionKey.generate(), key));

    assertThat(rotated.open(sealed, "a")).isEqualTo("old");
    assertThat(rotated.isCurrent(sealed)).isFalse();
    assertThat(rotated.isCurrent(rotated.seal("new", "a"))).isTrue();
  }

  @Test
  void valueSealedWithAnUnknownKeyNamesTheMissingKey() {
    byte[] sealed = box.seal("x", "a");
    var other = new SecretBox(KeySet.of(EncryptionKey.generate()));

    assertThatThrownBy(() -> other.open(sealed, "a"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("was encrypted with key " + key.id() + ", which is not among the configured keys");
  }

  @Test
  void keyThatIsNotBase64Of32BytesIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> EncryptionKey.parse("c2hvcnQ=", "TRIBUTARY_ENCRYPTION_KEY"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("Invalid encryption key in TRIBUTARY_ENCRYPTION_KEY: it decodes to 5 bytes, but must be the"
            + " base64 of exactly 32 random bytes. Generate one with `openssl rand -base64 32`.");
    assertThatThrownBy(() -> EncryptionKey.parse("not base64!!", "TRIBUTARY_ENCRYPTION_KEY"))
        .hasMessageNotContaining("not base64!!")
        .hasMessageContaining("is not valid base64");
  }
}
