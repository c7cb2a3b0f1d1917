package dev.tributary.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.store.DatabaseSettings;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
import dev.tributary.error.InvalidConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Rotation of the encryption key, from a key file and from the setting, on both databases. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class KeyRotationIT {

  @Parameter TestDatabase database;
  @TempDir Path dataDir;

  static String seed(Tributary tributary) {
    Caller admin = Caller.admin(tributary.bootstrap().workspace().id());
    tributary.integrations().create(admin, new IntegrationInput("jira", null, "jira", null, Map.of("clientSecret", "cs")));
    String customer = tributary.customers().identify(admin.workspaceId(), "ann", null, null).id();
    return tributary.connections().create(Caller.customer(admin.workspaceId(), customer),
        new ConnectionInput("jira", null, null, null, Map.of("apiKey", "rotate-me"), null, null)).id();
  }

  static List<String> keyIdsInUse(Tributary tributary) {
    return tributary.database().withHandle(handle -> handle.createQuery(
            "select secret as sealed from workspaces union all select parameters from integrations"
                + " union all select secrets from connections")
        .mapTo(byte[].class).list().stream().map(SecretBox::keyIdOf).distinct().toList());
  }

  @Test
  void rotationWithTheSettingReencryptsUnderTheFirstKeyAndOldKeyCanThenBeRemoved() {
    DatabaseSettings store = database.fresh();
    EncryptionKey oldKey = EncryptionKey.generate();
    EncryptionKey newKey = EncryptionKey.generate();
    String connectionId;
    try (Tributary tributary = Tributary.builder().dataDir(dataDir).database(store).encryptionKeys(KeySet.of(oldKey)).build()) {
      connectionId = seed(tributary);
    }
    try (Tributary tributary = Tributary.builder().dataDir(dataDir).database(store)
        .encryptionKeys(KeySet.parse(newKey.toBase64() + "," + oldKey.toBase64(), "TRIBUTARY_ENCRYPTION_KEY")).build()) {
      Tributary.Rotation rotation = tributary.rotateEncryptionKey();
      assertThat(rotation.reencrypted()).isEqualTo(3);
      assertThat(rotation.currentKeyId()).isEqualTo(newKey.id());
      assertThat(rotation.retiredKeyIds()).containsExactly(oldKey.id());
      assertThat(rotation.keyFile()).isNull();
    }
    try (Tributary tributary = Tributary.builder().dataDir(dataDir).database(store).encryptionKeys(KeySet.of(newKey)).build()) {
      Caller admin = Caller.admin(tributary.bootstrap().workspace().id());
      assertThat(tributary.connections().secrets(admin, connectionId).credentials()).containsEntry("apiKey", "rotate-me");
    }
  }

  @Test
  void startingWithoutTheKeyThatSealedTheDataFailsNamingTheKey() {
    DatabaseSettings store = database.fresh();
    EncryptionKey original = EncryptionKey.generate();
    try (Tributary tributary = Tributary.builder().dataDir(dataDir).database(store).encryptionKeys(KeySet.of(original)).build()) {
      seed(tributary);
    }
    assertThatThrownBy(() -> Tributary.builder().dataDir(dataDir).database(store)
            .encryptionKeys(KeySet.of(EncryptionKey.generate())).build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("was encrypted with key " + original.id())
        .hasMessageContaining("Restore that key");
  }
}
