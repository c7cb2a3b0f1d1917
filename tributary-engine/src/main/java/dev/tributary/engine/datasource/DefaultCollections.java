package dev.tributary.engine.datasource;

import dev.tributary.connector.Connector;
import dev.tributary.connector.LocationPointer;
import dev.tributary.connector.UdmMapping;
import dev.tributary.engine.udm.Udm;
import dev.tributary.engine.udm.UdmCatalogue;
import java.util.Optional;

/**
 * The collection a UDM points to in a connector: the mapping's {@code defaultCollection}, else its
 * first collection mapping, else the same for each of the UDM's fallbacks in order.
 */
final class DefaultCollections {

  private DefaultCollections() {}

  static Optional<LocationPointer> forUdm(Connector connector, String udm, UdmCatalogue catalogue) {
    Optional<LocationPointer> direct = direct(connector, udm);
    if (direct.isPresent()) {
      return direct;
    }
    for (Udm.UdmFallback fallback : catalogue.require(udm).udmFallbacks()) {
      Optional<LocationPointer> through = direct(connector, fallback.udm());
      if (through.isPresent()) {
        return through;
      }
    }
    return Optional.empty();
  }

  private static Optional<LocationPointer> direct(Connector connector, String udm) {
    UdmMapping mapping = connector.udm().get(udm);
    if (mapping == null) {
      return Optional.empty();
    }
    if (mapping.defaultCollection() != null) {
      return Optional.of(mapping.defaultCollection());
    }
    return mapping.collectionMappings().stream().findFirst()
        .map(first -> new LocationPointer(first.key(), first.parameters(), "collection", first.key(), true));
  }
}
