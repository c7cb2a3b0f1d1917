package dev.tributary.connectors.dav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.ConnectorException;
import dev.tributary.error.InvalidInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The payload formats, multistatus parsing and hrefs, without a server. */
class DavFormatsTest {

  @Test
  void aRecurringEventIsReadFromItsMasterAndAFloatingTimeAsUtc() {
    String body = """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        PRODID:-//x//EN\r
        BEGIN:VEVENT\r
        UID:r1\r
        DTSTAMP:20250101T000000Z\r
        RECURRENCE-ID:20250108T090000Z\r
        DTSTART:20250108T100000Z\r
        SUMMARY:Moved once\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        UID:r1\r
        DTSTAMP:20250101T000000Z\r
        DTSTART:20250101T090000\r
        RRULE:FREQ=WEEKLY\r
        SUMMARY:Weekly\r
        END:VEVENT\r
        END:VCALENDAR\r
        """;
    var content = new EventFormat().read(body).orElseThrow();
    assertThat(content.fields()).containsEntry("summary", "Weekly").containsEntry("isRecurring", true)
        .containsEntry("start", "2025-01-01T09:00:00Z");
    assertThat(new TaskFormat().read(body)).as("no VTODO in it").isEmpty();
  }

  @Test
  void aNullFieldRemovesThePropertyAndOthersStay() {
    TaskFormat format = new TaskFormat();
    String created = format.create("t1", Map.of("summary", "Pay", "description", "Rent", "due", "2025-02-01"));
    Map<String, Object> changes = new HashMap<>();
    changes.put("description", null);
    var updated = format.read(format.update(created, changes)).orElseThrow().fields();
    assertThat(updated).containsEntry("summary", "Pay").containsEntry("due", "2025-02-01").doesNotContainKey("description");
  }

  @Test
  void aVCard4StaysVersion4AndFullNameComesFromTheNameParts() {
    String card = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:c1\r\nFN:Old\r\nPHOTO:http://example.org/p.jpg\r\nEND:VCARD\r\n";
    ContactFormat format = new ContactFormat();
    String updated = format.update(card, Map.of("note", "Met at the fair"));
    assertThat(updated).contains("VERSION:4.0").contains("PHOTO").contains("NOTE:Met at the fair");

    var created = format.read(format.create("c2", Map.of("firstName", "Ann", "lastName", "Example"))).orElseThrow();
    assertThat(created.fields()).containsEntry("fullName", "Ann Example").containsEntry("uid", "c2");
  }

  @Test
  void badValuesNameTheFieldAndTheRule() {
    assertThatThrownBy(() -> new TaskFormat().create("t", Map.of("percentComplete", "half")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.details()).containsOnlyKeys("fields.percentComplete"))
        .hasMessage("Invalid percentComplete \"half\": must be a whole number from 0 to 100.");
    assertThatThrownBy(() -> new EventFormat().create("e", Map.of("attendees", List.of(Map.of("email", "not an address")))))
        .hasMessage("Invalid attendees email \"not an address\": must be an email address such as ann@example.org.");
    assertThatThrownBy(() -> new ContactFormat().checkWritable("contacts", Map.of("uid", "x")))
        .hasMessageStartingWith("\"uid\" cannot be written in contacts. Writable fields: fullName, firstName");
    assertThatThrownBy(() -> DavConnector.serverUrl(Map.of("serverUrl", "dav.example.com")))
        .hasMessage("Invalid serverUrl \"dav.example.com\": must be the server's http or https URL, such as https://dav.example.com/.");
  }

  @Test
  void anUnreadablePayloadIsTheServersFailureNamedAsSuch() {
    assertThatThrownBy(() -> new TaskFormat().read("BEGIN:VCALENDAR\r\nthis is not iCalendar\r\n"))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.APP_FAILED))
        .hasMessageStartingWith("The server holds a calendar object that is not valid iCalendar");
  }

  @Test
  void multistatusIsReadNamespaceAwareAndRefusesDoctypes() {
    String xml = """
        <?xml version="1.0"?><x:multistatus xmlns:x="DAV:"><x:response><x:href>/a/b%20c.ics</x:href>
        <x:propstat><x:prop><x:getetag>"1"</x:getetag></x:prop><x:status>HTTP/1.1 200 OK</x:status></x:propstat>
        <x:propstat><x:prop><x:displayname/></x:prop><x:status>HTTP/1.1 404 Not Found</x:status></x:propstat></x:response>
        <x:response><x:href>/a/gone.ics</x:href><x:status>HTTP/1.1 404 Not Found</x:status></x:response>
        <x:sync-token>tok-2</x:sync-token></x:multistatus>""";
    Multistatus answer = Multistatus.parse(xml, "REPORT /a/");
    assertThat(answer.syncToken()).isEqualTo("tok-2");
    assertThat(answer.responses()).extracting(Multistatus.Response::status).containsExactly(200, 404);
    assertThat(answer.responses().getFirst().text(Multistatus.DAV, "getetag")).contains("\"1\"");
    assertThat(answer.responses().getFirst().property(Multistatus.DAV, "displayname")).isEmpty();
    assertThat(Hrefs.name(answer.responses().getFirst().href())).isEqualTo("b c.ics");

    assertThatThrownBy(() -> Multistatus.parse("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        + "<multistatus xmlns=\"DAV:\">&e;</multistatus>", "PROPFIND /"))
        .isInstanceOf(ConnectorException.class).hasMessageContaining("is not valid XML");
  }

  @Test
  void namesAreEncodedAsOnePathSegment() {
    assertThat(Hrefs.member("/ann/tasks/", "a b/c+d.ics")).isEqualTo("/ann/tasks/a%20b%2Fc+d.ics");
    assertThat(Hrefs.name("/ann/tasks/a%20b%2Fc+d.ics")).isEqualTo("a b/c+d.ics");
  }
}
