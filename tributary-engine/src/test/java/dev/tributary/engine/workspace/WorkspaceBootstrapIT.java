package dev.tributary.engine.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.store.DatabaseSettings;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.error.InvalidConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class WorkspaceBootstrapIT {

  @Parameter TestDatabase database;
  @TempDir Path dataDir;
  private final KeySet keys = KeySet.of(EncryptionKey.generate());

  private Tributary open(DatabaseSettings store, String key, String secret) {
    return Tributary.builder().dataDir(dataDir).database(store).encryptionKeys(keys)
        .workspaceKey(key).workspaceSecret(secret).build();
  }

  @Test
  void firstStartGeneratesKeyAndSecretAndOnlyTheFirstStartReturnsTheSecret() {
    DatabaseSettings store = database.fresh();
    String key;
    String secret;
    try (Tributary first = open(store, null, null)) {
      assertThat(first.bootstrap().created()).isTrue();
      secret = first.bootstrap().generatedSecret();
      key = first.bootstrap().workspace().key();
      assertThat(secret).hasSizeGreaterThanOrEqualTo(64);
    }
    try (Tributary second = open(store, null, null)) {
      assertThat(second.bootstrap().created()).isFalse();
      assertThat(second.bootstrap().generatedSecret()).isNull();
      assertThat(second.workspaces().credentialsByKey(key).orElseThrow().secret()).isEqualTo(secret);
    }
  }

  @Test
  void givenKeyAndSecretAreUsedAndReplaceStoredOnes() {
    DatabaseSettings store = database.fresh();
    try (Tributary first = open(store, null, null)) {
      assertThat(first.bootstrap().workspace().key()).isNotEqualTo("acme");
    }
    String secret = "s".repeat(40);
    try (Tributary second = open(store, "acme", secret)) {
      assertThat(second.bootstrap().workspace().key()).isEqualTo("acme");
      assertThat(second.bootstrap().generatedSecret()).isNull();
      assertThat(second.workspaces().credentialsByKey("acme").orElseThrow().secret()).isEqualTo(secret);
    }
  }

  @Test
  void aShortWorkspaceSecretStopsTheStartWithoutEchoingIt() {
    assertThatThrownBy(() -> open(database.fresh(), null, "too-short-secret"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("TRIBUTARY_WORKSPACE_SECRET is 16 characters long but must be at least 32 (64 or more to"
            + " accept HS512 tokens). Generate one with `openssl rand -base64 48`.");
  }

  @Test
  void postgresqlWithoutAnEncryptionKeyStopsTheStart() {
    var store = DatabaseSettings.of("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", null);
    assertThatThrownBy(() -> Tributary.builder().dataDir(dataDir).database(store).build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("TRIBUTARY_ENCRYPTION_KEY is required when the store is PostgreSQL");
  }
}
