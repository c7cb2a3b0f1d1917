package dev.tributary.connector;

import java.util.ArrayList;
import java.util.List;

/** Helpers for building connectors out of other connectors. */
public final class Connectors {

  private Connectors() {}

  /**
   * {@code connector} with the location of the same key replaced by {@code collection}: how Java
   * code takes over methods of a declarative connector.
   *
   * @throws IllegalArgumentException if the connector has no location with that key
   */
  public static Connector withCollection(Connector connector, DataCollection collection) {
    if (connector.location(collection.key()).isEmpty()) {
      throw new IllegalArgumentException(connector.info().key() + " has no location " + collection.key() + " to replace");
    }
    List<DataLocation> locations = new ArrayList<>();
    for (DataLocation location : connector.locations()) {
      locations.add(location.key().equals(collection.key()) ? collection : location);
    }
    List<DataLocation> replaced = List.copyOf(locations);
    return new ForwardingConnector(connector) {
      @Override
      public List<DataLocation> locations() {
        return replaced;
      }
    };
  }
}
