package dev.tributary.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Mints tokens the way a SaaS product's server does: HS512 when the secret is long enough (64
 * bytes), HS256 otherwise.
 */
public final class TokenIssuer {

  private final String workspaceKey;
  private final byte[] secret;

  public TokenIssuer(String workspaceKey, String secret) {
    this.workspaceKey = workspaceKey;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** A token that acts for the whole workspace. */
  public String admin(Instant now, Duration lifetime) {
    return sign(new JWTClaimsSet.Builder().claim("isAdmin", true), now, lifetime);
  }

  /** A token that acts as the customer with this id (your id for it). */
  public String customer(String id, @Nullable String name, @Nullable Map<String, Object> fields, Instant now, Duration lifetime) {
    var claims = new JWTClaimsSet.Builder().claim("id", id);
    if (name != null) {
      claims.claim("name", name);
    }
    if (fields != null) {
      claims.claim("fields", fields);
    }
    return sign(claims, now, lifetime);
  }

  private String sign(JWTClaimsSet.Builder claims, Instant now, Duration lifetime) {
    JWSAlgorithm algorithm = secret.length >= 64 ? JWSAlgorithm.HS512 : JWSAlgorithm.HS256;
    var jwt = new SignedJWT(new JWSHeader(algorithm), claims
        .issuer(workspaceKey)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(lifetime)))
        .build());
    try {
      jwt.sign(new MACSigner(secret));
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot sign with the workspace secret: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }
}
