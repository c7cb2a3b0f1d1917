package dev.tributary.connector;

/**
 * A node in an app's data tree: a {@link DataDirectory} lists further locations, a {@link
 * DataCollection} holds records.
 */
public sealed interface DataLocation permits DataDirectory, DataCollection {

  /** Unique within the connector, e.g. {@code issues}. */
  String key();

  String name();

  /** The JSON Schema of the parameters this location takes (e.g. a project id), or an empty object schema. */
  java.util.Map<String, Object> parametersSchema();

  /** Hidden locations work but are not offered for navigation. */
  default boolean isHidden() {
    return false;
  }

  /** The wire name of the location's type: {@code directory} or {@code collection}. */
  default String type() {
    return this instanceof DataDirectory ? "directory" : "collection";
  }
}
