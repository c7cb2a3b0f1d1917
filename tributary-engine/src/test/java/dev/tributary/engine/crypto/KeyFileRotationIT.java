package dev.tributary.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.workspace.Caller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default's key file: generated on first start, rotated by {@code rotate-key}. */
class KeyFileRotationIT {

  @TempDir Path dataDir;

  @Test
  void firstStartGeneratesAnOwnerOnlyKeyFileThatLaterStartsReuse() throws Exception {
    String keyId;
    try (Tributary tributary = Tributary.builder().dataDir(dataDir).build()) {
      keyId = tributary.encryptionKeyIds().getFirst();
    }
    Path file = dataDir.resolve(KeyFile.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (Tributary tributary = Tributary.builder().dataDir(dataDir).build()) {
      assertThat(tributary.encryptionKeyIds()).containsExactly(keyId);
    }
  }

  @Test
  void rotationGeneratesANewKeyReencryptsEverythingAndDropsTheOldKey() throws Exception {
    String connectionId;
    String oldKey;
    try (Tributary tributary = Tributary.builder().dataDir(dataDir).build()) {
      connectionId = KeyRotationIT.seed(tributary);
      oldKey = tributary.encryptionKeyIds().getFirst();
    }
    String oldFile = Files.readString(dataDir.resolve(KeyFile.FILE_NAME));

    Tributary.Rotation rotation;
    try (Tributary tributary = Tributary.builder().dataDir(dataDir).build()) {
      rotation = tributary.rotateEncryptionKey();
      assertThat(KeyRotationIT.keyIdsInUse(tributary)).containsExactly(rotation.currentKeyId());
    }

    assertThat(rotation.reencrypted()).isEqualTo(3);
    assertThat(rotation.currentKeyId()).isNotEqualTo(oldKey);
    assertThat(rotation.retiredKeyIds()).containsExactly(oldKey);
    KeySet onDisk = new KeyFile(dataDir).read().orElseThrow();
    assertThat(onDisk.keys()).extracting(EncryptionKey::id).containsExactly(rotation.currentKeyId());
    String oldKeyLine = oldFile.lines().filter(line -> !line.startsWith("#")).findFirst().orElseThrow();
    assertThat(Files.readString(dataDir.resolve(KeyFile.FILE_NAME))).doesNotContain(oldKeyLine);
    try (Tributary reopened = Tributary.builder().dataDir(dataDir).build()) {
      Caller admin = Caller.admin(reopened.bootstrap().workspace().id());
      assertThat(reopened.connections().secrets(admin, connectionId).credentials()).containsEntry("apiKey", "rotate-me");
    }
  }
}
