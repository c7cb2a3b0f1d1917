package dev.tributary.connector;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A location whose only method lists nested locations (static or computed from the app). */
public non-sealed interface DataDirectory extends DataLocation {

  /**
   * Lists the locations in this directory.
   *
   * @param parameters the directory's parameters (e.g. the project whose collections to list)
   * @param cursor the cursor of the previous page, or null for the first page
   * @throws ConnectorException if the app refused or could not be reached
   */
  LocationPage list(ConnectorContext context, Map<String, Object> parameters, @Nullable String cursor);
}
