package dev.tributary.engine.connector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * One YAML file of a connector: its content as plain Java values, and the line of every value so
 * that errors can point at it.
 */
final class YamlFile {

  private final String connector;
  private final String name;
  private final @Nullable Object content;
  private final Map<String, Integer> lines = new LinkedHashMap<>();

  private YamlFile(String connector, String name, @Nullable Object content) {
    this.connector = connector;
    this.name = name;
    this.content = content;
  }

  /**
   * @throws ConnectorDefinitionException if the text is not YAML
   */
  static YamlFile parse(String connector, String name, String text) {
    LoadSettings settings = LoadSettings.builder().setLabel(name).setAllowDuplicateKeys(false)
        .setCodePointLimit(10 * 1024 * 1024).build();
    try {
      Object content = new Load(settings).loadFromString(text);
      var file = new YamlFile(connector, name, content);
      var composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
      composer.getSingleNode().ifPresent(node -> file.index(node, ""));
      return file;
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(mark -> mark.getLine() + 1).orElse(0);
      throw new ConnectorDefinitionException(connector, name, line, "", "not valid YAML (" + e.getProblem()
          + "). Check the indentation and quoting around that line.");
    } catch (RuntimeException e) {
      throw new ConnectorDefinitionException(connector, name, 0, "", "not valid YAML (" + e.getMessage() + ").");
    }
  }

  private void index(Node node, String pointer) {
    lines.put(pointer, node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0));
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key) {
          String child = pointer + "/" + key.getValue().replace("~", "~0").replace("/", "~1");
          lines.put(child, tuple.getKeyNode().getStartMark().map(mark -> mark.getLine() + 1).orElse(0));
          indexValue(tuple.getValueNode(), child);
        }
      }
    } else if (node instanceof SequenceNode sequence) {
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        index(items.get(i), pointer + "/" + i);
      }
    }
  }

  private void indexValue(Node node, String pointer) {
    int keyLine = lines.get(pointer);
    index(node, pointer);
    lines.put(pointer, keyLine); // a key's line is where it is written, not where its value starts
  }

  /** The same file, reported under the connector's key once it is known. */
  YamlFile forConnector(String key) {
    var file = new YamlFile(key, name, content);
    file.lines.putAll(lines);
    return file;
  }

  String name() {
    return name;
  }

  @Nullable Object content() {
    return content;
  }

  /** The content as an object; a file that is empty or not a mapping is an error. */
  @SuppressWarnings("unchecked")
  Map<String, Object> object() {
    if (!(content instanceof Map<?, ?> map)) {
      throw error("", "must be a YAML mapping (key: value lines) at the top level.");
    }
    return (Map<String, Object>) map;
  }

  /** The line of the value at a JSON pointer ({@code /methods/list}), or of its nearest parent. */
  int lineOf(String pointer) {
    String current = pointer;
    while (true) {
      Integer line = lines.get(current);
      if (line != null || current.isEmpty()) {
        return line == null ? 0 : line;
      }
      current = current.substring(0, Math.max(0, current.lastIndexOf('/')));
    }
  }

  /** An error at the value named by a JSON pointer, with the key written as a dotted path. */
  ConnectorDefinitionException error(String pointer, String problem) {
    String key = pointer.replaceFirst("^/", "").replace('/', '.').replace("~1", "/").replace("~0", "~");
    return new ConnectorDefinitionException(connector, name, lineOf(pointer), key, problem);
  }
}
