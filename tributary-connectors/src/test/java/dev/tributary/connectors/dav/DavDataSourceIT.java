package dev.tributary.connectors.dav;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connector.DataRecord;
import dev.tributary.engine.datasource.DataSourceInput;
import dev.tributary.engine.datasource.InstanceInput;
import dev.tributary.engine.datasource.InstanceSelector;
import dev.tributary.engine.datasource.ResolvedCollection;
import dev.tributary.engine.testing.TestEngine;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end: a universal {@code tasks} data source over a Radicale connection resolves to the
 * dav tasks collection, and reads tasks as unified fields once the customer picks a calendar.
 */
class DavDataSourceIT {

  @Test
  void aUniversalTasksDataSourceReadsTheTasksOfTheChosenCalendar() {
    String calendar = DavServer.makeCalendar("Data source", "VTODO");
    try (TestEngine engine = DavServer.connect()) {
      var tributary = engine.tributary();
      tributary.dataSources().create(engine.admin(), new DataSourceInput("tasks", "Tasks", null, "tasks", null, null, null, null));
      String id = engine.data().create(engine.customer(), engine.connection(), "tasks", Map.of("calendarHref", calendar),
          Map.of("summary", "Water the plants", "description", "Twice a week", "due", "2025-07-01T08:00:00Z"));

      InstanceSelector selector = InstanceSelector.of("tasks", engine.connection(), null);
      ResolvedCollection byDefault = tributary.dataSourceInstances().resolve(engine.customer(), selector);
      assertThat(byDefault.collectionKey()).isEqualTo("tasks");
      assertThat(byDefault.collectionParameters()).isEmpty();

      tributary.dataSourceInstances().update(engine.customer(), selector,
          new InstanceInput(null, Map.of("calendarHref", calendar), null, null, null));
      ResolvedCollection resolved = tributary.dataSourceInstances().resolve(engine.customer(), selector);
      assertThat(resolved.collectionParameters()).isEqualTo(Map.of("calendarHref", calendar));

      var page = engine.data().list(engine.customer(), resolved.connectionId(), resolved.collectionKey(),
          resolved.collectionParameters(), Map.of(), null, resolved.udm());
      assertThat(page.records()).extracting(DataRecord::id).containsExactly(id);
      assertThat(page.records().getFirst().unifiedFields()).containsEntry("subject", "Water the plants")
          .containsEntry("content", "Twice a week").containsEntry("dueTime", "2025-07-01T08:00:00Z");
    } finally {
      DavServer.remove(calendar);
    }
  }
}
