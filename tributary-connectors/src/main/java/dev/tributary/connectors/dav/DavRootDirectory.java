package dev.tributary.connectors.dav;

import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.DataDirectory;
import dev.tributary.connector.LocationPage;
import dev.tributary.connector.LocationPointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.fortuna.ical4j.model.Component;
import org.jspecify.annotations.Nullable;

/**
 * The top of the data tree: the account's calendars and address books, found from its
 * principal. Each calendar is listed once per kind it holds (as {@code tasks} and/or
 * {@code events}), each address book as {@code contacts}, with the collection's href as parameter.
 */
final class DavRootDirectory implements DataDirectory {

  static final String KEY = "root";

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public String name() {
    return "Calendars and address books";
  }

  @Override
  public Map<String, Object> parametersSchema() {
    return Map.of("type", "object");
  }

  @Override
  public LocationPage list(ConnectorContext context, Map<String, Object> parameters, @Nullable String cursor) {
    List<LocationPointer> locations = new ArrayList<>();
    for (Discovery.DavCollectionInfo found : Discovery.collections(new DavClient(context))) {
      if (found.addressBook()) {
        locations.add(new LocationPointer(DavConnector.CONTACTS, Map.of(AddressBookCollection.PARAMETER, found.href()),
            "collection", found.displayName(), null));
        continue;
      }
      if (found.holds(Component.VTODO)) {
        locations.add(new LocationPointer(DavConnector.TASKS, Map.of(CalendarCollection.PARAMETER, found.href()),
            "collection", found.displayName() + " (tasks)", null));
      }
      if (found.holds(Component.VEVENT)) {
        locations.add(new LocationPointer(DavConnector.EVENTS, Map.of(CalendarCollection.PARAMETER, found.href()),
            "collection", found.displayName() + " (events)", null));
      }
    }
    return new LocationPage(locations, null);
  }
}
