package dev.tributary.engine.element;

import dev.tributary.error.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * Names an element's instance: by {@code id}, or by its element (key or id), its {@code
 * connection} (a connection id, or for a customer the integration's key) and {@code instanceKey}
 * (empty for the default instance).
 */
public record InstanceSelector(@Nullable String id, @Nullable String element, @Nullable String connection, String instanceKey) {

  public InstanceSelector {
    instanceKey = instanceKey == null ? "" : instanceKey;
  }

  public static InstanceSelector of(String element, String connection, @Nullable String instanceKey) {
    return new InstanceSelector(null, element, connection, instanceKey == null ? "" : instanceKey);
  }

  public static InstanceSelector byId(String id) {
    return new InstanceSelector(id, null, null, "");
  }

  void requireComplete(ElementKind kind) {
    if (id == null && (element == null || connection == null)) {
      throw new InvalidInputException("Name the " + kind.noun() + " instance by \"id\", or by \"" + kind.keyField()
          + "\" (or \"" + kind.idField() + "\") and \"connectionId\", with \"instanceKey\" when there are several.");
    }
  }
}
