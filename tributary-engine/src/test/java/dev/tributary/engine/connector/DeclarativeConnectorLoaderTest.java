package dev.tributary.engine.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.Connector;
import dev.tributary.connector.DataCollection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading declarative connectors: what a valid folder gives, and how each mistake is reported. */
class DeclarativeConnectorLoaderTest {

  @TempDir Path folder;
  private final DeclarativeConnectorLoader loader = new DeclarativeConnectorLoader((template, variables) -> template);

  private void write(String file, String text) throws IOException {
    Path path = folder.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }

  @BeforeEach
  void validConnector() throws IOException {
    write("connector.yaml", """
        key: tasks-app
        name: Tasks App
        version: 1.2.0
        baseUri: https://tasks.example.com/api
        auth: {type: bearer, tokenField: token}
        root: root
        """);
    write("data/root/spec.yaml", """
        type: directory
        name: Tasks App
        locations:
          - {key: tasks, type: collection, name: Tasks}
        """);
    write("data/tasks/spec.yaml", """
        type: collection
        name: Tasks
        fieldsSchema:
          type: object
          properties:
            id: {type: string, readOnly: true}
            title: {type: string}
            done: {type: boolean}
        methods:
          list: {filterFields: [done]}
          create: {requiredFields: [title]}
        events:
          created: {implementationType: pull-latest-records}
        """);
    write("data/tasks/list.rest.yaml", """
        path: /tasks
        responseMapping:
          records: {$var: $.response.data.items}
        """);
    write("data/tasks/create.rest.yaml", """
        path: /tasks
        method: POST
        requestMapping:
          data: {$var: $.fields}
        responseMapping:
          id: {$var: $.response.data.id}
        """);
  }

  @Test
  void validFolderGivesTheConnectorWithItsSpecs() {
    Connector connector = loader.load(folder);

    assertThat(connector.info().key()).isEqualTo("tasks-app");
    assertThat(connector.auth()).isEqualTo(new AuthDefinition.Bearer("token"));
    assertThat(connector.rootLocationKey()).isEqualTo("root");
    CollectionSpec spec = ((DataCollection) connector.location("tasks").orElseThrow()).spec();
    assertThat(spec.list()).isEqualTo(new CollectionSpec.ListSpec(java.util.List.of("done")));
    assertThat(spec.findById()).isNull();
    assertThat(spec.create().requiredFields()).containsExactly("title");
    assertThat(spec.events()).containsEntry("created", new CollectionSpec.EventSpec("pull-latest-records"))
        .containsEntry("deleted", new CollectionSpec.EventSpec("full-scan"));
    assertThat(WritableFields.of(spec, spec.create())).containsExactly("title", "done");
  }

  @Test
  void javaCodeTakesOverAMethodOfADeclarativeCollection() {
    Connector declared = loader.load(folder);
    var collection = (DataCollection) declared.location("tasks").orElseThrow();
    var listed = new java.util.ArrayList<String>();
    Connector mixed = dev.tributary.connector.Connectors.withCollection(declared,
        new dev.tributary.connector.ForwardingDataCollection(collection) {
          @Override
          public dev.tributary.connector.RecordPage list(dev.tributary.connector.ConnectorContext context,
              dev.tributary.connector.ListRequest request) {
            listed.add("java");
            return new dev.tributary.connector.RecordPage(java.util.List.of(), null);
          }
        });

    var replaced = (DataCollection) mixed.location("tasks").orElseThrow();
    assertThat(replaced.list(null, dev.tributary.connector.ListRequest.firstPage()).records()).isEmpty();
    assertThat(listed).containsExactly("java");
    assertThat(replaced.spec()).isEqualTo(collection.spec());
    assertThat(mixed.rootLocationKey()).isEqualTo("root");
  }

  @Test
  void missingRequiredKeyNamesFileLineAndKey() throws IOException {
    write("connector.yaml", """
        key: tasks-app
        name: Tasks App
        baseUri: https://tasks.example.com/api
        auth: {type: bearer, tokenField: token}
        root: root
        """);

    assertThatThrownBy(() -> loader.load(folder))
        .isInstanceOf(ConnectorDefinitionException.class)
        .hasMessage("Connector \"" + folder.getFileName() + "\", connector.yaml line 1, key \"version\": is missing. Add it"
            + " (see docs/connectors.md for the format).");
  }

  @Test
  void unknownKeyIsReportedWhereItIsWritten() throws IOException {
    write("data/tasks/list.rest.yaml", """
        path: /tasks
        responseMapping:
          records: {$var: $.response.data.items}
        paginaton: {type: offset}
        """);

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessage("Connector \"tasks-app\", data/tasks/list.rest.yaml line 4, key \"paginaton\": is not a known key here."
            + " Remove it or check its spelling (see docs/connectors.md).");
  }

  @Test
  void filterFieldThatTheSchemaLacksListsTheKnownFields() throws IOException {
    write("data/tasks/spec.yaml", Files.readString(folder.resolve("data/tasks/spec.yaml")).replace("[done]", "[done, owner]"));

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessage("Connector \"tasks-app\", data/tasks/spec.yaml line 10, key \"methods.list.filterFields.1\": names the"
            + " field \"owner\", which fieldsSchema.properties does not have. Known fields: done, id, title.");
  }

  @Test
  void declaredMethodWithoutItsMappingFileIsReported() throws IOException {
    Files.delete(folder.resolve("data/tasks/create.rest.yaml"));

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessage("Connector \"tasks-app\", data/tasks/spec.yaml line 11, key \"methods.create\": is declared but"
            + " data/tasks/create.rest.yaml is missing. Add the REST mapping for it, or remove the method from methods.");
  }

  @Test
  void mappingFileForAnUndeclaredMethodIsReported() throws IOException {
    write("data/tasks/delete.rest.yaml", "path: /tasks/{id}\nmethod: DELETE\n");

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageStartingWith("Connector \"tasks-app\", data/tasks/delete.rest.yaml: implements delete, which the spec's"
            + " methods do not declare.");
  }

  @Test
  void brokenYamlNamesTheLine() throws IOException {
    write("data/tasks/spec.yaml", "type: collection\nname: [unclosed\n");

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageStartingWith("Connector \"tasks-app\", data/tasks/spec.yaml line 3: not valid YAML");
  }

  @Test
  void rootThatIsNotADirectoryIsReported() throws IOException {
    write("connector.yaml", Files.readString(folder.resolve("connector.yaml")).replace("root: root", "root: tasks"));

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessage("Connector \"tasks-app\", connector.yaml line 6, key \"root\": names \"tasks\", which is not a directory"
            + " under data/. Known locations: root, tasks.");
  }

  @Test
  void wrongEnumValueSaysWhichValuesAreAllowed() throws IOException {
    write("data/tasks/spec.yaml", Files.readString(folder.resolve("data/tasks/spec.yaml"))
        .replace("pull-latest-records", "polling"));

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageContaining("data/tasks/spec.yaml line 13, key \"events.created.implementationType\"")
        .hasMessageContaining("webhook");
  }

  @Test
  void directoryLocationNamingAnUnknownKeyIsReported() throws IOException {
    write("data/root/spec.yaml", """
        type: directory
        name: Tasks App
        locations:
          - {key: tasks, type: collection, name: Tasks}
          - {key: projects, name: Projects}
        """);

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessage("Connector \"tasks-app\", data/root/spec.yaml line 5, key \"locations.1.key\": names \"projects\","
            + " which has no data/projects/spec.yaml. Known locations: root, tasks.");
  }

  @Test
  void pathsInMappingsMustStartWithASlash() throws IOException {
    write("data/tasks/list.rest.yaml", "path: tasks\nresponseMapping: {records: []}\n");

    assertThatThrownBy(() -> loader.load(folder)).hasMessageContaining("data/tasks/list.rest.yaml line 1, key \"path\"");
  }

  @Test
  void apiKeyAuthNeedsWhereAndWhichCredential() throws IOException {
    write("connector.yaml", Files.readString(folder.resolve("connector.yaml"))
        .replace("{type: bearer, tokenField: token}", "{type: api-key, in: header}"));

    assertThatThrownBy(() -> loader.load(folder))
        .hasMessageContaining("connector.yaml")
        .hasMessageMatching(".*key \"auth\\.(name|credentialField)\": is missing.*");
  }
}
