package dev.tributary.engine.flow;

import dev.tributary.engine.json.Json;
import dev.tributary.error.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reads and checks a flow's {@code nodes} (from the API or the store) and writes them back. */
final class FlowNodes {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private FlowNodes() {}

  /** A flow's or a node's key: 1 to 100 letters, digits, '-', '_' or '.'. */
  static String key(String field, @Nullable String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw InvalidInputException.forField(field, "Invalid key " + (key == null ? "(missing)" : "\"" + key + "\"")
          + ": use 1 to 100 letters, digits, '-', '_' or '.', starting with a letter or digit (e.g. \"receive-user-events\").");
    }
    return key;
  }

  /**
   * The nodes of {@code value} (an object of node key to {@code {type, config?, links?, name?}}).
   *
   * @throws InvalidInputException naming every node that is wrong and why
   */
  @SuppressWarnings("unchecked")
  static Map<String, FlowNode> parse(@Nullable Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> raw)) {
      throw InvalidInputException.forField("nodes", "\"nodes\" must be an object of node key to node, e.g. {\"start\":"
          + " {\"type\": \"api-trigger\", \"links\": [{\"key\": \"next\"}]}}.");
    }
    Map<String, List<String>> problems = new java.util.TreeMap<>(); // by field: the same message every time
    Map<String, FlowNode> nodes = new LinkedHashMap<>();
    for (var entry : raw.entrySet()) {
      String key = String.valueOf(entry.getKey());
      String field = "nodes." + key;
      if (!KEY.matcher(key).matches()) {
        problems.computeIfAbsent(field, k -> new ArrayList<>()).add("Invalid node key \"" + key
            + "\": use 1 to 100 letters, digits, '-', '_' or '.'.");
        continue;
      }
      if (!(entry.getValue() instanceof Map<?, ?> node)) {
        problems.computeIfAbsent(field, k -> new ArrayList<>()).add("A node is an object with \"type\", \"config\" and \"links\".");
        continue;
      }
      Object type = node.get("type");
      if (!(type instanceof String text) || !FlowNode.TYPES.contains(text)) {
        problems.computeIfAbsent(field + ".type", k -> new ArrayList<>()).add("Unknown node type "
            + (type == null ? "(missing)" : "\"" + type + "\"") + ". Known types: " + String.join(", ", FlowNode.TYPES) + ".");
        continue;
      }
      Object config = node.get("config");
      if (config != null && !(config instanceof Map)) {
        problems.computeIfAbsent(field + ".config", k -> new ArrayList<>()).add("\"config\" must be an object.");
        continue;
      }
      List<FlowNode.Link> links = new ArrayList<>();
      Object rawLinks = node.get("links");
      if (rawLinks != null && !(rawLinks instanceof List)) {
        problems.computeIfAbsent(field + ".links", k -> new ArrayList<>()).add("\"links\" must be a list of {\"key\": …, \"filter\"?: …}.");
        continue;
      }
      for (Object link : rawLinks == null ? List.of() : (List<Object>) rawLinks) {
        if (!(link instanceof Map<?, ?> map) || !(map.get("key") instanceof String target)) {
          problems.computeIfAbsent(field + ".links", k -> new ArrayList<>()).add("Each link is {\"key\": <node key>, \"filter\"?: <formula>}.");
          continue;
        }
        links.add(new FlowNode.Link(target, map.get("filter")));
      }
      Map<String, Object> settings = config == null ? Map.of() : (Map<String, Object>) config;
      var parsed = new FlowNode(text, node.get("name") instanceof String name ? name : null, settings, links);
      if (parsed.eventType() != null && !(settings.get("dataSource") instanceof Map)) {
        problems.computeIfAbsent(field + ".config.dataSource", k -> new ArrayList<>()).add("A " + text + " watches a data"
            + " source: give config.dataSource, e.g. {\"key\": \"users\"}.");
      }
      nodes.put(key, parsed);
    }
    nodes.forEach((key, node) -> {
      for (FlowNode.Link link : node.links()) {
        if (!nodes.containsKey(link.key()) && !problems.containsKey("nodes." + link.key())) {
          problems.computeIfAbsent("nodes." + key + ".links", k -> new ArrayList<>()).add("Link to \"" + link.key()
              + "\", which is not a node of this flow. Its nodes: " + String.join(", ", nodes.keySet()) + ".");
        } else if (nodes.containsKey(link.key()) && nodes.get(link.key()).isTrigger()) {
          problems.computeIfAbsent("nodes." + key + ".links", k -> new ArrayList<>()).add("Link to \"" + link.key()
              + "\", a trigger: a trigger starts a run and cannot follow another node.");
        }
      }
    });
    if (!problems.isEmpty()) {
      int count = problems.values().stream().mapToInt(List::size).sum();
      throw new InvalidInputException("The flow's nodes have " + count + (count == 1 ? " problem" : " problems") + ": "
          + String.join(" ", problems.entrySet().stream().map(e -> e.getKey() + ": " + String.join(" ", e.getValue())).toList()),
          problems);
    }
    return nodes;
  }

  static String write(Map<String, FlowNode> nodes) {
    Map<String, Object> out = new LinkedHashMap<>();
    nodes.forEach((key, node) -> out.put(key, node.toMap()));
    return Json.write(out);
  }

  static Map<String, FlowNode> read(String json) {
    return parse(Json.readObject(json));
  }

  /** The nodes as the API shows them. */
  static Map<String, Object> toMap(Map<String, FlowNode> nodes) {
    Map<String, Object> out = new LinkedHashMap<>();
    nodes.forEach((key, node) -> out.put(key, node.toMap()));
    return out;
  }
}
