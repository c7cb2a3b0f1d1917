package dev.tributary.connectors.dav;

import dev.tributary.connector.UdmMapping;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the collections map to the Universal Data Models: tasks to {@code tasks}, events to
 * {@code meetings}, contacts to {@code contacts}. The data sources of those models point to the
 * account's default calendar or address book (no parameters).
 */
final class DavUdm {

  static final Map<String, UdmMapping> MAPPINGS = Map.of(
      "tasks", mapping(DavConnector.TASKS,
          fields("id", "$.id", "subject", "$.summary", "content", "$.description", "status", "$.status",
              "dueTime", "$.due", "startTime", "$.start", "tags", "$.categories", "createdTime", "$.created",
              "updatedTime", "$.lastModified"),
          fields("summary", "$.subject", "description", "$.content", "status", "$.status", "due", "$.dueTime",
              "start", "$.startTime", "categories", "$.tags"),
          Map.of("priority", Map.of("$jsonata", "$exists(priority) ? $string(priority) : undefined"))),
      "meetings", mapping(DavConnector.EVENTS,
          fields("id", "$.id", "title", "$.summary", "description", "$.description", "location", "$.location",
              "startTime", "$.start", "endTime", "$.end", "status", "$.status", "participants", "$.attendees",
              "isRecurrent", "$.isRecurring", "createdTime", "$.created", "updatedTime", "$.lastModified"),
          fields("summary", "$.title", "description", "$.description", "location", "$.location", "start", "$.startTime",
              "end", "$.endTime", "attendees", "$.participants"),
          Map.of()),
      "contacts", mapping(DavConnector.CONTACTS,
          fields("id", "$.id", "fullName", "$.fullName", "firstName", "$.firstName", "lastName", "$.lastName",
              "emails", "$.emails", "phones", "$.phones", "companyName", "$.organization", "jobTitle", "$.title",
              "updatedTime", "$.revision"),
          fields("fullName", "$.fullName", "firstName", "$.firstName", "lastName", "$.lastName", "emails", "$.emails",
              "phones", "$.phones", "organization", "$.companyName", "title", "$.jobTitle"),
          Map.of()));

  private DavUdm() {}

  private static UdmMapping mapping(String collection, Map<String, Object> from, Map<String, Object> to, Map<String, Object> extraFrom) {
    Map<String, Object> fromAll = new LinkedHashMap<>(from);
    fromAll.putAll(extraFrom);
    return new UdmMapping(DavConnector.pointer(collection),
        java.util.List.of(new UdmMapping.CollectionMapping(collection, Map.of(), fromAll, to)));
  }

  /** Pairs of (target field, locator) as {@code $var} formulas. */
  private static Map<String, Object> fields(String... pairs) {
    Map<String, Object> formulas = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      formulas.put(pairs[i], Map.of("$var", pairs[i + 1]));
    }
    return formulas;
  }
}
