package dev.tributary.connectors.dav;

import dev.tributary.connector.ConnectorException;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.property.Created;
import net.fortuna.ical4j.model.property.DateProperty;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.LastModified;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Version;
import org.jspecify.annotations.Nullable;

/**
 * An iCalendar object holding one kind of component (VTODO or VEVENT), read and written with
 * ical4j. A recurring item may carry overrides (components with a RECURRENCE-ID); the record is
 * the master component, and updates change only it.
 */
abstract class CalendarFormat implements ResourceFormat {

  static final String PRODID = "-//Tributary//dav connector//EN";

  private final String component;

  CalendarFormat(String component) {
    this.component = component;
  }

  /** VTODO or VEVENT. */
  final String component() {
    return component;
  }

  @Override
  public String extension() {
    return ".ics";
  }

  @Override
  public String contentType() {
    return "text/calendar; charset=utf-8";
  }

  /** A new, empty component of this kind (ical4j adds its DTSTAMP). */
  abstract CalendarComponent newComponent();

  /** Puts the component's properties into {@code fields}. */
  abstract void read(Component component, Map<String, Object> fields);

  /** Sets the component's properties named in {@code fields}. */
  abstract void write(Component component, Map<String, Object> fields);

  @Override
  public Optional<Content> read(String body) {
    return master(parse(body)).map(master -> {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("uid", text(master, Property.UID));
      read(master, fields);
      fields.put("created", Values.text(date(master, Property.CREATED)));
      fields.put("lastModified", Values.text(date(master, Property.LAST_MODIFIED)));
      fields.values().removeIf(java.util.Objects::isNull);
      return new Content(fields, text(master, Property.SUMMARY), Values.instant(date(master, Property.CREATED)),
          Values.instant(date(master, Property.LAST_MODIFIED)));
    });
  }

  @Override
  public String create(String uid, Map<String, Object> fields) {
    Calendar calendar = new Calendar();
    calendar.add(new ProdId(PRODID));
    calendar.add(new Version(new ParameterList(), Version.VALUE_2_0));
    CalendarComponent created = newComponent();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    created.add(new Uid(uid));
    created.add(new Created(now));
    created.add(new LastModified(now));
    write(created, fields);
    calendar.add(created);
    return calendar.toString();
  }

  @Override
  public String update(String body, Map<String, Object> fields) {
    Calendar calendar = parse(body);
    Component master = master(calendar).orElseThrow(() -> new ConnectorException(ConnectorException.Kind.REJECTED, 0,
        "The resource holds no " + component + " to update."));
    write(master, fields);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    master.replace(new LastModified(now));
    master.replace(new DtStamp(now));
    return calendar.toString();
  }

  private Optional<CalendarComponent> master(Calendar calendar) {
    return calendar.<CalendarComponent>getComponents(component).stream()
        .filter(candidate -> candidate.getProperty(Property.RECURRENCE_ID).isEmpty())
        .findFirst()
        .or(() -> calendar.<CalendarComponent>getComponents(component).stream().findFirst());
  }

  static Calendar parse(String body) {
    try {
      return new CalendarBuilder().build(new StringReader(body));
    } catch (ParserException | IOException | RuntimeException e) {
      throw new ConnectorException(ConnectorException.Kind.APP_FAILED, 0, "The server holds a calendar object that is not"
          + " valid iCalendar (" + e.getMessage() + "). Repair or remove it in a calendar client.", null, e);
    }
  }

  static @Nullable String text(Component component, String name) {
    return component.getProperty(name).map(Property::getValue).filter(value -> !value.isEmpty()).orElse(null);
  }

  static @Nullable Temporal date(Component component, String name) {
    Optional<Property> property = component.getProperty(name);
    return property.filter(DateProperty.class::isInstance).map(p -> (Temporal) ((DateProperty<?>) p).getDate()).orElse(null);
  }

  /**
   * Sets or removes one property from a field: absent from {@code fields} leaves it, null removes
   * it, any other value replaces it with {@code property.apply(value)}.
   */
  static void set(Component component, Map<String, Object> fields, String field, String name, Function<Object, Property> property) {
    if (!fields.containsKey(field)) {
      return;
    }
    Object value = fields.get(field);
    if (value == null || value instanceof String text && text.isBlank()) {
      component.removeAll(name);
    } else {
      component.removeAll(name);
      component.add(property.apply(value));
    }
  }
}
