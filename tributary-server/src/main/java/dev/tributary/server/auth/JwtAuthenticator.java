package dev.tributary.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.CustomerService;
import dev.tributary.engine.workspace.WorkspaceService;
import dev.tributary.engine.workspace.WorkspaceService.WorkspaceCredentials;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns an {@code Authorization: Bearer <JWT>} header into a {@link Caller}.
 *
 * <p>The token must be signed with HS256 or HS512 using the workspace secret, name the workspace
 * key in {@code iss} and carry {@code exp}. A token with an {@code id} claim acts as that customer
 * (created on first sight; {@code name} and {@code fields} stored from the token); a token with
 * {@code isAdmin: true}, or without {@code id}, acts for the workspace.
 */
public final class JwtAuthenticator {

  /** Tolerated clock difference between the token's issuer and this server. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  private static final Set<JWSAlgorithm> ACCEPTED = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS512);

  private final WorkspaceService workspaces;
  private final CustomerService customers;
  private final Clock clock;
  private final VerifiedTokens verifiedTokens = new VerifiedTokens();

  public JwtAuthenticator(WorkspaceService workspaces, CustomerService customers, Clock clock) {
    this.workspaces = workspaces;
    this.customers = customers;
    this.clock = clock;
  }

  /**
   * @param authorization the raw {@code Authorization} header, or null when absent
   * @throws UnauthorizedException naming what is wrong with the header or the token
   */
  public Caller authenticate(@Nullable String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new UnauthorizedException("Missing Authorization header. Send \"Authorization: Bearer <token>\""
          + " with a JWT signed by your workspace secret (`./tributary token --admin` prints one).");
    }
    String[] parts = authorization.strip().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
      throw new UnauthorizedException("The Authorization header must be \"Bearer <token>\"; got a \""
          + abbreviate(parts[0]) + "\" scheme.");
    }
    String token = parts[1];
    VerifiedTokens.Verified verified = verified(token);
    try {
      checkTimes(verified.claims());
    } catch (UnauthorizedException e) {
      verifiedTokens.remove(token);
      throw e;
    }
    return caller(verified.workspace(), verified.claims());
  }

  /** The token's claims and workspace, its signature verified now or (same workspace secret) before. */
  private VerifiedTokens.Verified verified(String token) {
    VerifiedTokens.Verified known = verifiedTokens.get(token);
    if (known != null && workspaces.credentialsByKey(known.workspace().workspace().key())
        .filter(known.workspace()::equals).isPresent()) {
      return known;
    }
    SignedJWT jwt = parse(token);
    JWTClaimsSet claims = claims(jwt);
    String issuer = claims.getIssuer();
    if (issuer == null || issuer.isBlank()) {
      throw new UnauthorizedException("The token has no \"iss\" claim. Set \"iss\" to your workspace key.");
    }
    WorkspaceCredentials workspace = workspaces.credentialsByKey(issuer).orElseThrow(() ->
        new UnauthorizedException("The token's issuer \"" + abbreviate(issuer) + "\" is not a workspace key"
            + " of this server. Set \"iss\" to your workspace key."));
    verifySignature(jwt, workspace.secret());
    var verified = new VerifiedTokens.Verified(workspace, claims);
    verifiedTokens.put(token, verified);
    return verified;
  }

  private static SignedJWT parse(String token) {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new UnauthorizedException("The bearer token is not a well-formed JWT (" + e.getMessage()
          + "). Send the compact form: three base64url parts joined by dots.");
    }
    if (jwt instanceof PlainJWT) {
      throw new UnauthorizedException("Unsigned tokens (\"alg\": \"none\") are refused. Sign the token"
          + " with HS256 or HS512 using your workspace secret.");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw new UnauthorizedException("Encrypted tokens are not accepted. Send a JWT signed with HS256"
          + " or HS512 using your workspace secret.");
    }
    if (!ACCEPTED.contains(signed.getHeader().getAlgorithm())) {
      throw new UnauthorizedException("The token is signed with " + signed.getHeader().getAlgorithm()
          + ", which is not accepted. Sign it with HS256 or HS512 using your workspace secret.");
    }
    return signed;
  }

  private static JWTClaimsSet claims(SignedJWT jwt) {
    try {
      return jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new UnauthorizedException("The token's claims are not a valid JSON object (" + e.getMessage() + ").");
    }
  }

  private static void verifySignature(SignedJWT jwt, String secret) {
    boolean valid;
    try {
      valid = jwt.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new UnauthorizedException("The token cannot be verified with this workspace's secret ("
          + e.getMessage() + "). HS512 needs a workspace secret of at least 64 characters; use HS256"
          + " or a longer secret.");
    }
    if (!valid) {
      throw new UnauthorizedException("The token's signature does not match. Sign it with your workspace"
          + " secret, and check that \"iss\" names the same workspace.");
    }
  }

  private void checkTimes(JWTClaimsSet claims) {
    Instant now = clock.instant();
    Date expiration = claims.getExpirationTime();
    if (expiration == null) {
      throw new UnauthorizedException("The token has no \"exp\" claim. Tokens must expire: add \"exp\""
          + " (for example two hours after issuing).");
    }
    if (expiration.toInstant().plus(CLOCK_SKEW).isBefore(now)) {
      throw new UnauthorizedException("The token expired at " + expiration.toInstant() + ". Mint a new one"
          + " on your server.");
    }
    Date notBefore = claims.getNotBeforeTime();
    if (notBefore != null && notBefore.toInstant().minus(CLOCK_SKEW).isAfter(now)) {
      throw new UnauthorizedException("The token is not valid before " + notBefore.toInstant()
          + " (its \"nbf\" claim).");
    }
  }

  private Caller caller(WorkspaceCredentials workspace, JWTClaimsSet claims) {
    String workspaceId = workspace.workspace().id();
    Object id = claims.getClaim("id");
    if (Boolean.TRUE.equals(claims.getClaim("isAdmin")) || id == null) {
      return Caller.admin(workspaceId);
    }
    if (!(id instanceof String) && !(id instanceof Number)) {
      throw new UnauthorizedException("The token's \"id\" claim must be a string (your id for the customer).");
    }
    Object name = claims.getClaim("name");
    if (name != null && !(name instanceof String)) {
      throw new UnauthorizedException("The token's \"name\" claim must be a string.");
    }
    Object fields = claims.getClaim("fields");
    if (fields != null && !(fields instanceof Map)) {
      throw new UnauthorizedException("The token's \"fields\" claim must be a JSON object.");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fieldMap = (Map<String, Object>) fields;
    String customerId = customers.identify(workspaceId, id.toString(), (String) name, fieldMap).id();
    return Caller.customer(workspaceId, customerId);
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "…";
  }
}
