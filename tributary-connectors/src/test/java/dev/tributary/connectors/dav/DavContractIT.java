package dev.tributary.connectors.dav;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.testing.TestEngine;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.testkit.contract.ConnectorContractTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The dav connector passes the connector contract against the real Radicale of the test command. */
class DavContractIT extends ConnectorContractTest {

  static Tributary tributary;
  static Caller customer;
  static String connection;
  static String calendar;
  static String addressBook;

  @BeforeAll
  static void connect() {
    TestEngine engine = DavServer.connect();
    tributary = engine.tributary();
    customer = engine.customer();
    connection = engine.connection();
    calendar = DavServer.makeCalendar("Contract", "VTODO", "VEVENT");
    addressBook = DavServer.makeAddressBook("Contract");
    var data = tributary.connectionData();
    data.create(customer, connection, "tasks", Map.of("calendarHref", calendar), Map.of("summary", "Seed task"));
    data.create(customer, connection, "events", Map.of("calendarHref", calendar), Map.of("summary", "Seed event",
        "start", "2025-01-01T10:00:00Z"));
    data.create(customer, connection, "contacts", Map.of("addressBookHref", addressBook), Map.of("fullName", "Seed Contact"));
  }

  @AfterAll
  static void cleanUp() {
    DavServer.remove(calendar);
    DavServer.remove(addressBook);
    tributary.close();
  }

  @Override
  protected Connector connector() {
    return tributary.connectors().require("dav");
  }

  @Override
  protected ConnectorContext context(String location, Map<String, Object> parameters) {
    return tributary.connectionData().context(customer, connection, location, parameters);
  }

  @Override
  protected Map<String, Object> parameters(String collection) {
    return collection.equals("contacts") ? Map.of("addressBookHref", addressBook) : Map.of("calendarHref", calendar);
  }

  @Override
  protected String unknownId(String collection) {
    return UUID.randomUUID() + (collection.equals("contacts") ? ".vcf" : ".ics");
  }

  @Override
  protected Map<String, Object> newRecord(String collection) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    return switch (collection) {
      case "tasks" -> Map.of("summary", "Contract task " + suffix, "status", "NEEDS-ACTION", "priority", 5);
      case "events" -> Map.of("summary", "Contract event " + suffix, "start", "2025-05-01T09:00:00Z", "end", "2025-05-01T10:00:00Z");
      default -> Map.of("fullName", "Contract " + suffix, "title", "Tester");
    };
  }

  @Override
  protected Map<String, Object> change(String collection) {
    return switch (collection) {
      case "tasks" -> Map.of("status", "COMPLETED", "summary", "Changed by the contract");
      case "events" -> Map.of("location", "Changed room");
      default -> Map.of("title", "Changed by the contract");
    };
  }
}
