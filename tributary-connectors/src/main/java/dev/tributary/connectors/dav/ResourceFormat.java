package dev.tributary.connectors.dav;

import dev.tributary.error.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How one kind of record is kept in a DAV resource (a VTODO or VEVENT in an iCalendar object, a
 * vCard): reading a resource into fields, writing a new one, and changing an existing one in
 * place so that properties the connector does not know survive an update.
 */
interface ResourceFormat {

  /** What a resource says: the record's fields, display name and times. */
  record Content(Map<String, Object> fields, @Nullable String name, @Nullable Instant createdTime, @Nullable Instant updatedTime) {}

  /** The file extension of new resources, e.g. {@code .ics}. */
  String extension();

  String contentType();

  /** The JSON Schema of the records' fields. */
  Map<String, Object> fieldsSchema();

  /** The resource's content, or empty when it holds another kind of record (a VEVENT among tasks). */
  Optional<Content> read(String body);

  /** A new resource with this UID holding {@code fields}. */
  String create(String uid, Map<String, Object> fields);

  /** {@code body} with {@code fields} changed; a null value removes the property. */
  String update(String body, Map<String, Object> fields);

  /** Field names {@link #fieldsSchema()} marks read-only. */
  @SuppressWarnings("unchecked")
  default List<String> readOnlyFields() {
    List<String> readOnly = new ArrayList<>();
    ((Map<String, Object>) fieldsSchema().get("properties")).forEach((name, schema) -> {
      if (Boolean.TRUE.equals(((Map<String, Object>) schema).get("readOnly"))) {
        readOnly.add(name);
      }
    });
    return readOnly;
  }

  /**
   * Refuses fields the schema lacks or marks read-only ({@code etag} is the version an update
   * expects, not a property, and is allowed).
   */
  @SuppressWarnings("unchecked")
  default void checkWritable(String collection, Map<String, Object> fields) {
    Map<String, Object> properties = (Map<String, Object>) fieldsSchema().get("properties");
    for (String field : fields.keySet()) {
      if (field.equals("etag")) {
        continue;
      }
      if (!properties.containsKey(field) || readOnlyFields().contains(field)) {
        throw InvalidInputException.forField("fields." + field, "\"" + field + "\" cannot be written in " + collection
            + ". Writable fields: " + String.join(", ", properties.keySet().stream()
                .filter(name -> !readOnlyFields().contains(name) && !name.equals("etag")).toList()) + ".");
      }
    }
  }
}
