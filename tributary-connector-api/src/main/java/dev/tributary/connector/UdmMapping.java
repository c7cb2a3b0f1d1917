package dev.tributary.connector;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How one Universal Data Model maps to this app's collections.
 *
 * @param defaultCollection the collection a data source with this UDM points to by default, or
 *     null for the first of {@code collectionMappings}
 */
public record UdmMapping(@Nullable LocationPointer defaultCollection, List<CollectionMapping> collectionMappings) {

  public UdmMapping {
    collectionMappings = List.copyOf(collectionMappings);
  }

  /**
   * One collection (with the parameters it must have) mapped to the UDM: formulas from the
   * collection's fields to unified fields, and back.
   */
  public record CollectionMapping(
      String key, Map<String, Object> parameters, Map<String, Object> fieldsFromCollection, Map<String, Object> fieldsToCollection) {
    public CollectionMapping {
      parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
      fieldsFromCollection = Collections.unmodifiableMap(new LinkedHashMap<>(fieldsFromCollection));
      fieldsToCollection = Collections.unmodifiableMap(new LinkedHashMap<>(fieldsToCollection));
    }
  }
}
