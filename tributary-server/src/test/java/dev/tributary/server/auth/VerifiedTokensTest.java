package dev.tributary.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tributary.engine.workspace.Workspace;
import dev.tributary.engine.workspace.WorkspaceService.WorkspaceCredentials;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

  final VerifiedTokens tokens = new VerifiedTokens();
  final VerifiedTokens.Verified verified = new VerifiedTokens.Verified(
      new WorkspaceCredentials(new Workspace("w", "key", "Workspace", Instant.EPOCH, Instant.EPOCH), "secret"),
      new JWTClaimsSet.Builder().issuer("key").build());

  @Test
  void keepsAtMostTheBoundThenStartsOver() {
    for (int i = 0; i < VerifiedTokens.MAX_TOKENS; i++) {
      tokens.put("token-" + i, verified);
    }
    assertThat(tokens.size()).isEqualTo(VerifiedTokens.MAX_TOKENS);

    tokens.put("one more", verified);

    assertThat(tokens.size()).isEqualTo(1);
    assertThat(tokens.get("one more")).isSameAs(verified);
    assertThat(tokens.get("token-0")).isNull();
  }
}
