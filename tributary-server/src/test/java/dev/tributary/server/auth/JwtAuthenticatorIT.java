package dev.tributary.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.testing.MutableClock;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.engine.workspace.Caller;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A token verified once is not verified again, but still expires and still needs its workspace's secret. */
class JwtAuthenticatorIT {

  static final String KEY = "auth-workspace";
  static final String SECRET = "first-secret-0123456789-0123456789-0123456789";

  @TempDir Path dataDir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
  Tributary tributary;
  JwtAuthenticator authenticator;

  @BeforeEach
  void open() {
    tributary = Tributary.builder().dataDir(dataDir).database(TestDatabase.H2.fresh())
        .encryptionKeys(KeySet.of(EncryptionKey.generate())).workspaceKey(KEY).workspaceSecret(SECRET).build();
    authenticator = new JwtAuthenticator(tributary.workspaces(), tributary.customers(), clock);
  }

  @AfterEach
  void close() {
    tributary.close();
  }

  private String bearer(Duration lifetime) {
    return "Bearer " + new TokenIssuer(KEY, SECRET).customer("ann", null, null, clock.instant(), lifetime);
  }

  @Test
  void aVerifiedTokenActsAsItsCustomerOnEveryRequest() {
    String token = bearer(Duration.ofHours(1));

    Caller first = authenticator.authenticate(token);

    assertThat(authenticator.authenticate(token)).isEqualTo(first).isInstanceOf(Caller.ActingCustomer.class);
  }

  @Test
  void aVerifiedTokenIsRefusedOnceItExpired() {
    String token = bearer(Duration.ofMinutes(5));
    authenticator.authenticate(token);

    clock.advance(Duration.ofMinutes(5).plus(JwtAuthenticator.CLOCK_SKEW).plusSeconds(1));

    assertThatThrownBy(() -> authenticator.authenticate(token)).isInstanceOf(UnauthorizedException.class)
        .hasMessageStartingWith("The token expired at 2026-11-29T10:05:00Z.");
  }

  @Test
  void aVerifiedTokenIsRefusedOnceItsWorkspaceHasAnotherSecret() {
    String token = bearer(Duration.ofHours(1));
    authenticator.authenticate(token);

    tributary.workspaces().bootstrap(KEY, "second-secret-0123456789-0123456789-0123456789");

    assertThatThrownBy(() -> authenticator.authenticate(token)).isInstanceOf(UnauthorizedException.class)
        .hasMessageStartingWith("The token's signature does not match.");
  }

  @Test
  void aVerifiedTokenSeesItsCustomerArchivedAndBroughtBack() {
    String token = bearer(Duration.ofHours(1));
    Caller first = authenticator.authenticate(token);
    tributary.customers().archive(Caller.admin(first.workspaceId()), "ann");

    Caller again = authenticator.authenticate(token);

    assertThat(again).isEqualTo(first);
    assertThat(tributary.customers().get(Caller.admin(first.workspaceId()), "ann").archivedAt()).isNull();
  }
}
