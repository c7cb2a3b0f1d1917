package dev.tributary.connectors.dav;

import static dev.tributary.connectors.dav.Schemas.field;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.parameter.PartStat;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Summary;
import org.jspecify.annotations.Nullable;

/** Events (meetings): VEVENT components (RFC 5545 §3.6.1), with their attendees. */
final class EventFormat extends CalendarFormat {

  static final List<String> STATUSES = List.of("TENTATIVE", "CONFIRMED", "CANCELLED");

  private static final Map<String, Object> SCHEMA = Schemas.object(Schemas.properties(
      field("uid", Schemas.readOnly("The event's UID, the same in every calendar client.")),
      field("summary", Schemas.string("The title (SUMMARY).")),
      field("description", Schemas.string("DESCRIPTION.")),
      field("location", Schemas.string("LOCATION.")),
      field("start", Schemas.dateTime("DTSTART.")),
      field("end", Schemas.dateTime("DTEND.")),
      field("status", Schemas.oneOf(STATUSES, "STATUS.")),
      field("organizer", Schemas.string("The organizer's email address (ORGANIZER).")),
      field("attendees", Schemas.objects(Schemas.properties(
          field("email", Schemas.string("The attendee's email address.")),
          field("name", Schemas.string("The attendee's name (CN).")),
          field("status", Schemas.string("PARTSTAT: NEEDS-ACTION, ACCEPTED, DECLINED, TENTATIVE or DELEGATED."))),
          "ATTENDEE properties.")),
      field("isRecurring", Map.of("type", "boolean", "readOnly", true, "description", "True when the event repeats (RRULE).")),
      field("created", Schemas.readOnlyDateTime("CREATED.")),
      field("lastModified", Schemas.readOnlyDateTime("LAST-MODIFIED.")),
      field("etag", Schemas.etag())));

  EventFormat() {
    super(Component.VEVENT);
  }

  @Override
  public Map<String, Object> fieldsSchema() {
    return SCHEMA;
  }

  @Override
  CalendarComponent newComponent() {
    return new VEvent();
  }

  @Override
  void read(Component event, Map<String, Object> fields) {
    fields.put("summary", text(event, Property.SUMMARY));
    fields.put("description", text(event, Property.DESCRIPTION));
    fields.put("location", text(event, Property.LOCATION));
    fields.put("start", Values.text(date(event, Property.DTSTART)));
    fields.put("end", Values.text(date(event, Property.DTEND)));
    fields.put("status", text(event, Property.STATUS));
    fields.put("organizer", email(text(event, Property.ORGANIZER)));
    List<Map<String, Object>> attendees = new ArrayList<>();
    for (Property attendee : event.getProperties(Property.ATTENDEE)) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("email", email(attendee.getValue()));
      attendee.getParameter(Parameter.CN).ifPresent(cn -> entry.put("name", cn.getValue()));
      attendee.getParameter(Parameter.PARTSTAT).ifPresent(status -> entry.put("status", status.getValue()));
      attendees.add(entry);
    }
    fields.put("attendees", attendees.isEmpty() ? null : attendees);
    fields.put("isRecurring", event.getProperty(Property.RRULE).isPresent());
  }

  @Override
  void write(Component event, Map<String, Object> fields) {
    set(event, fields, "summary", Property.SUMMARY, value -> new Summary(String.valueOf(value)));
    set(event, fields, "description", Property.DESCRIPTION, value -> new Description(String.valueOf(value)));
    set(event, fields, "location", Property.LOCATION, value -> new Location(String.valueOf(value)));
    set(event, fields, "start", Property.DTSTART, value -> new DtStart<>(Values.temporal("start", value)));
    set(event, fields, "end", Property.DTEND, value -> new DtEnd<>(Values.temporal("end", value)));
    set(event, fields, "status", Property.STATUS, value -> new Status(Values.oneOf("status", value, Set.copyOf(STATUSES))));
    set(event, fields, "organizer", Property.ORGANIZER, value -> new Organizer(mailto("organizer", value)));
    if (fields.containsKey("attendees")) {
      event.removeAll(Property.ATTENDEE);
      Object value = fields.get("attendees");
      for (Map<String, Object> entry : value == null ? List.<Map<String, Object>>of() : Values.objects("attendees", value)) {
        Object email = entry.getOrDefault("email", entry.get("value"));
        Attendee attendee = new Attendee(mailto("attendees", email));
        if (entry.get("name") != null) {
          attendee.add(new Cn(String.valueOf(entry.get("name"))));
        }
        if (entry.get("status") != null) {
          attendee.add(new PartStat(String.valueOf(entry.get("status")).toUpperCase(java.util.Locale.ROOT)));
        }
        event.add(attendee);
      }
    }
  }

  private static @Nullable String email(@Nullable String calAddress) {
    if (calAddress == null) {
      return null;
    }
    return calAddress.regionMatches(true, 0, "mailto:", 0, 7) ? calAddress.substring(7) : calAddress;
  }

  private static URI mailto(String field, @Nullable Object email) {
    String text = email == null ? "" : String.valueOf(email).strip();
    if (!text.contains("@") || text.contains(" ")) {
      throw dev.tributary.error.InvalidInputException.forField("fields." + field, "Invalid " + field + " email \"" + text
          + "\": must be an email address such as ann@example.org.");
    }
    return URI.create("mailto:" + text);
  }
}
