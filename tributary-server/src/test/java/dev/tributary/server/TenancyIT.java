package dev.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.server.testing.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A customer token sees only that customer's objects; secrets only reach an admin who asks. */
class TenancyIT {

  static RunningServer server;
  static String admin;
  static String ann;
  static String bob;
  static String annConnection;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    admin = server.adminToken();
    ann = server.customerToken("ann");
    bob = server.customerToken("bob");
    server.post("/integrations", admin, "{\"key\":\"jira\",\"name\":\"Jira\",\"connectorKey\":\"jira\"}");
    var created = server.post("/connections", ann,
        "{\"integrationKey\":\"jira\",\"credentials\":{\"apiKey\":\"ann-secret-key\"}}");
    assertThat(created.status()).isEqualTo(201);
    annConnection = created.json().path("id").asString();
    server.get("/connections", bob); // bob exists too
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void connectionAnswersNeverCarryCredentialsByDefault() {
    var answer = server.get("/connections/" + annConnection, ann);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).doesNotContain("ann-secret-key").doesNotContain("credentials");
    assertThat(server.get("/connections", admin).body()).doesNotContain("ann-secret-key").doesNotContain("null");
  }

  @Test
  void anotherCustomersConnectionIsNotFoundForEveryVerb() {
    for (String method : new String[] {"GET", "PATCH", "PUT", "DELETE"}) {
      var answer = server.send(method, "/connections/" + annConnection, bob, method.startsWith("P") ? "{\"name\":\"x\"}" : null);
      assertThat(answer.status()).as(method).isEqualTo(404);
      assertThat(answer.type()).isEqualTo("not-found");
      assertThat(answer.body()).doesNotContain("ann-secret-key").doesNotContain("\"userId\"");
    }
    assertThat(server.get("/connections", bob).json().path("items")).isEmpty();
    assertThat(server.get("/connections/" + annConnection, ann).status()).isEqualTo(200);
  }

  @Test
  void aCustomerNamesItsConnectionByTheIntegrationKey() {
    assertThat(server.get("/connections/jira", ann).json().path("id").asString()).isEqualTo(annConnection);
    assertThat(server.get("/connections/jira", bob).status()).isEqualTo(404);
  }

  @Test
  void onlyAnAdminMayIncludeSecrets() {
    var asCustomer = server.get("/connections/" + annConnection + "?includeSecrets=true", ann);
    assertThat(asCustomer.status()).isEqualTo(403);
    assertThat(asCustomer.body()).doesNotContain("ann-secret-key");

    var asAdmin = server.get("/connections/" + annConnection + "?includeSecrets=true", admin);
    assertThat(asAdmin.json().path("credentials").path("apiKey").asString()).isEqualTo("ann-secret-key");
  }

  @Test
  void aCustomerListsOnlyItselfAmongCustomers() {
    assertThat(server.get("/customers", ann).json().path("items")).hasSize(1);
    assertThat(server.get("/customers/bob", ann).status()).isEqualTo(404);
    assertThat(server.get("/customers", admin).json().path("items").size()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void integrationParametersAreHiddenUnlessAnAdminAsks() {
    server.send("PATCH", "/integrations/jira", admin, "{\"parameters\":{\"clientSecret\":\"oauth-client-secret\"}}");
    assertThat(server.get("/integrations/jira", ann).body()).doesNotContain("oauth-client-secret");
    assertThat(server.get("/integrations/jira?includeSecrets=true", ann).status()).isEqualTo(403);
    assertThat(server.get("/integrations/jira?includeSecrets=true", admin).json().path("parameters")
        .path("clientSecret").asString()).isEqualTo("oauth-client-secret");
  }
}
