package dev.tributary.connectors.dav;

import static dev.tributary.connectors.dav.Schemas.field;

import java.util.List;
import java.util.Map;
import java.util.Set;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.component.VToDo;
import net.fortuna.ical4j.model.property.Categories;
import net.fortuna.ical4j.model.property.Completed;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.Due;
import net.fortuna.ical4j.model.property.PercentComplete;
import net.fortuna.ical4j.model.property.Priority;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Summary;

/** Tasks: VTODO components (RFC 5545 §3.6.2). */
final class TaskFormat extends CalendarFormat {

  static final List<String> STATUSES = List.of("NEEDS-ACTION", "IN-PROCESS", "COMPLETED", "CANCELLED");

  private static final Map<String, Object> SCHEMA = Schemas.object(Schemas.properties(
      field("uid", Schemas.readOnly("The task's UID, the same in every calendar client.")),
      field("summary", Schemas.string("The title (SUMMARY).")),
      field("description", Schemas.string("DESCRIPTION.")),
      field("status", Schemas.oneOf(STATUSES, "STATUS.")),
      field("priority", Schemas.integer(0, 9, "PRIORITY: 1 highest, 9 lowest, 0 undefined.")),
      field("percentComplete", Schemas.integer(0, 100, "PERCENT-COMPLETE.")),
      field("start", Schemas.dateTime("DTSTART.")),
      field("due", Schemas.dateTime("DUE.")),
      field("completed", Schemas.dateTime("COMPLETED: when the task was done.")),
      field("categories", Schemas.strings("CATEGORIES.")),
      field("created", Schemas.readOnlyDateTime("CREATED.")),
      field("lastModified", Schemas.readOnlyDateTime("LAST-MODIFIED.")),
      field("etag", Schemas.etag())));

  TaskFormat() {
    super(Component.VTODO);
  }

  @Override
  public Map<String, Object> fieldsSchema() {
    return SCHEMA;
  }

  @Override
  CalendarComponent newComponent() {
    return new VToDo();
  }

  @Override
  void read(Component todo, Map<String, Object> fields) {
    fields.put("summary", text(todo, Property.SUMMARY));
    fields.put("description", text(todo, Property.DESCRIPTION));
    fields.put("status", text(todo, Property.STATUS));
    String priority = text(todo, Property.PRIORITY);
    fields.put("priority", priority == null ? null : Integer.valueOf(priority.strip()));
    String percent = text(todo, Property.PERCENT_COMPLETE);
    fields.put("percentComplete", percent == null ? null : Integer.valueOf(percent.strip()));
    fields.put("start", Values.text(date(todo, Property.DTSTART)));
    fields.put("due", Values.text(date(todo, Property.DUE)));
    fields.put("completed", Values.text(date(todo, Property.COMPLETED)));
    List<String> categories = todo.getProperties(Property.CATEGORIES).stream()
        .flatMap(property -> List.of(property.getValue().split(",")).stream()).map(String::strip).filter(s -> !s.isEmpty()).toList();
    fields.put("categories", categories.isEmpty() ? null : categories);
  }

  @Override
  void write(Component todo, Map<String, Object> fields) {
    set(todo, fields, "summary", Property.SUMMARY, value -> new Summary(String.valueOf(value)));
    set(todo, fields, "description", Property.DESCRIPTION, value -> new Description(String.valueOf(value)));
    set(todo, fields, "status", Property.STATUS, value -> new Status(Values.oneOf("status", value, Set.copyOf(STATUSES))));
    set(todo, fields, "priority", Property.PRIORITY, value -> new Priority(Values.integer("priority", value, 0, 9)));
    set(todo, fields, "percentComplete", Property.PERCENT_COMPLETE,
        value -> new PercentComplete(Values.integer("percentComplete", value, 0, 100)));
    set(todo, fields, "start", Property.DTSTART, value -> new DtStart<>(Values.temporal("start", value)));
    set(todo, fields, "due", Property.DUE, value -> new Due<>(Values.temporal("due", value)));
    // COMPLETED is always a UTC date-time: a date alone means the start of that day.
    set(todo, fields, "completed", Property.COMPLETED, value -> new Completed(Values.instant(Values.temporal("completed", value))));
    set(todo, fields, "categories", Property.CATEGORIES, value -> new Categories(String.join(",", Values.strings("categories", value))));
  }
}
