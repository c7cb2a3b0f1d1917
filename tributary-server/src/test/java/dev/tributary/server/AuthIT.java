package dev.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tributary.server.testing.RunningServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every API route except /health (and the API description) needs a valid workspace JWT. */
class AuthIT {

  static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String sign(JWSAlgorithm algorithm, String secret, JWTClaimsSet claims) throws Exception {
    var jwt = new SignedJWT(new JWSHeader(algorithm), claims);
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  private static JWTClaimsSet.Builder valid() {
    return new JWTClaimsSet.Builder().issuer(RunningServer.WORKSPACE_KEY)
        .expirationTime(Date.from(Instant.now().plusSeconds(600)));
  }

  private static void assertUnauthorized(String token, String messagePart) {
    var answer = server.get("/integrations", token);
    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.type()).isEqualTo("unauthorized");
    assertThat(answer.json().path("message").asString()).contains(messagePart);
    assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
  }

  @Test
  void healthNeedsNoToken() {
    assertThat(server.get("/health", null).json().path("status").asString()).isEqualTo("ok");
  }

  @Test
  void missingHeaderIsUnauthorizedAndSaysWhatToSend() {
    var answer = server.get("/integrations", null);
    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.json().path("message").asString()).startsWith("Missing Authorization header.");
  }

  @Test
  void hs256AndHs512TokensAreAccepted() throws Exception {
    assertThat(server.get("/integrations", sign(JWSAlgorithm.HS256, RunningServer.WORKSPACE_SECRET, valid().build())).status()).isEqualTo(200);
    assertThat(server.get("/integrations", sign(JWSAlgorithm.HS512, RunningServer.WORKSPACE_SECRET, valid().build())).status()).isEqualTo(200);
  }

  @Test
  void malformedTokenIsRefused() {
    assertUnauthorized("not-a-jwt", "not a well-formed JWT");
  }

  @Test
  void unsignedAlgNoneTokenIsRefused() {
    Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
    String header = encoder.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    String claims = encoder.encodeToString(("{\"iss\":\"" + RunningServer.WORKSPACE_KEY + "\",\"exp\":"
        + (Instant.now().getEpochSecond() + 600) + "}").getBytes(StandardCharsets.UTF_8));
    assertUnauthorized(header + "." + claims + ".", "\"alg\": \"none\"");
  }

  @Test
  void otherAlgorithmsAreRefused() throws Exception {
    assertUnauthorized(sign(JWSAlgorithm.HS384, RunningServer.WORKSPACE_SECRET, valid().build()), "signed with HS384, which is not accepted");
  }

  @Test
  void badSignatureIsRefused() throws Exception {
    assertUnauthorized(sign(JWSAlgorithm.HS256, "another-secret-0123456789-0123456789-xx", valid().build()), "signature does not match");
  }

  @Test
  void expiredTokenIsRefused() throws Exception {
    var claims = valid().expirationTime(Date.from(Instant.now().minusSeconds(3600))).build();
    assertUnauthorized(sign(JWSAlgorithm.HS256, RunningServer.WORKSPACE_SECRET, claims), "The token expired at");
  }

  @Test
  void tokenWithoutExpiryIsRefused() throws Exception {
    var claims = new JWTClaimsSet.Builder().issuer(RunningServer.WORKSPACE_KEY).build();
    assertUnauthorized(sign(JWSAlgorithm.HS256, RunningServer.WORKSPACE_SECRET, claims), "no \"exp\" claim");
  }

  @Test
  void unknownIssuerIsRefused() throws Exception {
    var claims = valid().issuer("someone-else").build();
    assertUnauthorized(sign(JWSAlgorithm.HS256, RunningServer.WORKSPACE_SECRET, claims), "is not a workspace key");
  }

  @Test
  void customerTokenCreatesTheCustomerWithNameAndFieldsFromTheToken() {
    String token = server.customerToken("cust-42", "Acme Ltd", Map.of("apiToken", "acme-app-token"));

    var answer = server.get("/customers/cust-42", token);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("internalId").asString()).isEqualTo("cust-42");
    assertThat(answer.json().path("name").asString()).isEqualTo("Acme Ltd");
    assertThat(answer.json().path("fields").path("apiToken").asString()).isEqualTo("acme-app-token");
  }

  @Test
  void customerTokenCannotCallAdminRoutes() {
    var answer = server.post("/integrations", server.customerToken("cust-1"), "{\"key\":\"x\",\"connectorKey\":\"x\"}");
    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.json().path("message").asString()).startsWith("Only a workspace admin may create an integration.");
  }
}
