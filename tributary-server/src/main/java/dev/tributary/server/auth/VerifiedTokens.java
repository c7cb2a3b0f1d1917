package dev.tributary.server.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tributary.engine.workspace.WorkspaceService.WorkspaceCredentials;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Tokens whose signature has been verified, by their exact text: a client sends the same token
 * on every request until it expires, and parsing and verifying it once is enough. Each entry
 * keeps the workspace credentials that verified it, so that a token is verified again when its
 * workspace's secret is no longer the same. Its times are checked on every use (the caller
 * drops an expired entry). At most {@link #MAX_TOKENS} are kept; when full, all are forgotten
 * (the next request of each client verifies its token again).
 */
final class VerifiedTokens {

  static final int MAX_TOKENS = 10_000;

  /** A verified token: its claims and the credentials of the workspace that signed it. */
  record Verified(WorkspaceCredentials workspace, JWTClaimsSet claims) {}

  private final Map<String, Verified> byToken = new ConcurrentHashMap<>();

  @Nullable Verified get(String token) {
    return byToken.get(token);
  }

  void put(String token, Verified verified) {
    if (byToken.size() >= MAX_TOKENS) {
      byToken.clear();
    }
    byToken.put(token, verified);
  }

  void remove(String token) {
    byToken.remove(token);
  }

  int size() {
    return byToken.size();
  }
}
