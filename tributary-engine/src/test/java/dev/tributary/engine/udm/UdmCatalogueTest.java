package dev.tributary.engine.udm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.UdmMapping;
import dev.tributary.error.NotFoundException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UdmCatalogueTest {

  private final UdmCatalogue catalogue = UdmCatalogue.builtIn();
  private final UdmConverter converter = new UdmConverter(catalogue);

  @Test
  void holdsEveryModelOfTheReference() {
    assertThat(catalogue.all()).hasSize(43);
    assertThat(catalogue.all()).extracting(Udm::key).contains("contacts", "users", "tasks", "activities", "deal-stages",
        "timeoff-requests", "messages", "drive-items");
  }

  @Test
  @SuppressWarnings("unchecked")
  void addsTheStandardFieldsExceptWhereTheReferenceSaysNot() {
    Map<String, Object> tasks = (Map<String, Object>) catalogue.require("tasks").fieldsSchema().get("properties");
    assertThat(tasks).containsKeys("id", "subject", "assigneeId", "createdTime", "updatedTime", "createdBy", "updatedBy");
    assertThat(tasks.get("assigneeId")).isEqualTo(Map.of("type", "string", "referenceUdm", "users"));
    assertThat(tasks.get("dueTime")).isEqualTo(Map.of("type", "string", "format", "date-time"));
    Map<String, Object> stages = (Map<String, Object>) catalogue.require("deal-stages").fieldsSchema().get("properties");
    assertThat(stages).containsOnlyKeys("id", "name", "state");
    assertThat(stages.get("state")).isEqualTo(Map.of("type", "string", "enum", List.of("open", "won", "lost")));
  }

  @Test
  void unknownModelListsTheKnownOnes() {
    assertThatThrownBy(() -> catalogue.require("tickets")).isInstanceOf(NotFoundException.class)
        .hasMessageStartingWith("No Universal Data Model \"tickets\". Known models: activities, bills,");
  }

  @Test
  void contactsFallbacksFillNamesEmailsAndTheFullAddress() {
    Map<String, Object> filled = converter.withFallbacks(catalogue.require("contacts"), Map.of(
        "fullName", "Ann Marie Smith", "emails", List.of(Map.of("value", "ann@example.org")),
        "primaryAddress", Map.of("street", "1 Main St", "city", "Springfield", "country", "US")));

    assertThat(filled).containsEntry("firstName", "Ann Marie").containsEntry("lastName", "Smith")
        .containsEntry("primaryEmail", "ann@example.org");
    assertThat(filled.get("primaryAddress")).isEqualTo(Map.of("street", "1 Main St", "city", "Springfield", "country", "US",
        "full", "1 Main St, Springfield, US"));
    assertThat(filled).doesNotContainKeys("phones", "primaryPhone");
  }

  @Test
  void aFilledFieldDoesNotFeedAnotherFallback() {
    Map<String, Object> filled = converter.withFallbacks(catalogue.require("contacts"), Map.of("firstName", "Ann"));
    assertThat(filled).containsEntry("fullName", "Ann").doesNotContainKey("lastName");
  }

  @Test
  void fallbacksNeverOverwriteAFieldThatIsThere() {
    Map<String, Object> filled = converter.withFallbacks(catalogue.require("contacts"),
        Map.of("fullName", "Ann Smith", "firstName", "Annie"));
    assertThat(filled).containsEntry("firstName", "Annie").containsEntry("lastName", "Smith");
  }

  @Test
  void activitiesReadATasksCollectionThroughTheFallbackRemap() {
    var mapping = new UdmMapping.CollectionMapping("issues", Map.of(),
        Map.of("subject", Map.of("$var", "$.title"), "content", Map.of("$var", "$.body")),
        Map.of("title", Map.of("$var", "$.subject"), "body", Map.of("$var", "$.content")));
    var fallback = catalogue.require("activities").udmFallbacks().getFirst();
    var route = new UdmConverter.Route("activities", mapping, fallback);

    assertThat(converter.toUnified(route, Map.of("title", "Call Ann", "body", "Contract")))
        .containsEntry("title", "Call Ann").containsEntry("description", "Contract").containsEntry("type", "task");
    assertThat(converter.toNative(route, Map.of("title", "Email Bob", "description", "Offer")))
        .isEqualTo(Map.of("title", "Email Bob", "body", "Offer"));
  }

  @Test
  void brokenCatalogueNamesTheModelAndKey() {
    assertThatThrownBy(() -> UdmCatalogue.parse("""
        tasks:
          singularName: task
          pluralName: tasks
          fields:
            ownerId: {type: string, referenceUdm: people}
        """, "test.yaml"))
        .hasMessage("test.yaml, tasks.fields.ownerId: referenceUdm \"people\" is not a model of the catalogue.");
    assertThatThrownBy(() -> UdmCatalogue.parse("""
        tasks:
          singularName: task
          pluralName: tasks
          fields: {subject: text}
        """, "test.yaml"))
        .hasMessageStartingWith("test.yaml, tasks.fields.subject: unknown type \"text\"");
  }
}
