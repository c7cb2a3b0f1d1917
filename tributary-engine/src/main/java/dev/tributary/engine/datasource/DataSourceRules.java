package dev.tributary.engine.datasource;

import dev.tributary.connector.Connector;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataLocation;
import dev.tributary.error.InvalidInputException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Keys and names of workspace elements, and "a collection, never a directory". */
public final class DataSourceRules {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private DataSourceRules() {}

  public static String key(@Nullable String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw InvalidInputException.forField("key", "Invalid key " + (key == null ? "(missing)" : "\"" + key + "\"")
          + ": use 1 to 100 letters, digits, '-', '_' or '.', starting with a letter or digit (e.g. \"users\").");
    }
    return key;
  }

  public static String name(@Nullable String name, String key) {
    if (name == null) {
      return key;
    }
    if (name.isBlank() || name.length() > 255) {
      throw InvalidInputException.forField("name", "Invalid name: must be 1 to 255 characters.");
    }
    return name.strip();
  }

  /**
   * @throws InvalidInputException when the key names no location, or a directory
   */
  static DataCollection requireCollection(Connector connector, String key) {
    DataLocation location = connector.location(key).orElseThrow(() -> InvalidInputException.forField("collectionKey",
        "The " + connector.info().name() + " connector has no collection \"" + key + "\". Its collections: "
            + String.join(", ", connector.locations().stream().filter(l -> l instanceof DataCollection).map(DataLocation::key).toList()) + "."));
    if (!(location instanceof DataCollection collection)) {
      throw InvalidInputException.forField("collectionKey", "\"" + key + "\" is a directory, not a collection: a data source"
          + " points to a collection. List what the directory holds (POST /connections/{connection}/data/" + key
          + "/list) and choose a collection in it.");
    }
    return collection;
  }
}
