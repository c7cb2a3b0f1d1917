package dev.tributary.connectors.asana;

import dev.tributary.connector.ChangeEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Asana's events (from /events and from webhooks alike) as task changes. Asana reports one event
 * per field changed; a task changed twice in a batch is one event, and only tasks count (stories,
 * attachments and sections are other resources).
 */
final class AsanaChanges {

  private AsanaChanges() {}

  static List<ChangeEvent> of(JsonNode events) {
    Map<String, ChangeEvent.Operation> changes = new LinkedHashMap<>();
    for (JsonNode event : events) {
      JsonNode resource = event.path("resource");
      if (!"task".equals(resource.path("resource_type").asString("")) || resource.path("gid").asString("").isEmpty()) {
        continue;
      }
      ChangeEvent.Operation operation = switch (event.path("action").asString("")) {
        case "added", "undeleted" -> ChangeEvent.Operation.CREATED;
        case "changed" -> ChangeEvent.Operation.UPDATED;
        // Removed from the project: gone from the collection, as far as it is concerned.
        case "removed", "deleted" -> ChangeEvent.Operation.DELETED;
        default -> null;
      };
      if (operation != null) {
        changes.merge(resource.get("gid").asString(), operation, AsanaChanges::later);
      }
    }
    List<ChangeEvent> result = new ArrayList<>();
    changes.forEach((gid, operation) -> result.add(new ChangeEvent(operation, gid, null)));
    return result;
  }

  /** A task created and then changed is still created; deleted wins over everything before it. */
  private static ChangeEvent.Operation later(ChangeEvent.Operation before, ChangeEvent.Operation after) {
    if (after == ChangeEvent.Operation.DELETED) {
      return after;
    }
    return before == ChangeEvent.Operation.UPDATED ? after : before;
  }
}
