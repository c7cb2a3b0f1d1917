package dev.tributary.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageRequestTest {

  @Test
  void cursorRoundTripsTheLastId() {
    String cursor = PageRequest.cursorAfter("01a2-id");

    assertThat(PageRequest.parse("5", cursor)).isEqualTo(new PageRequest(5, "01a2-id"));
  }

  @Test
  void limitOutsideOneToAThousandIsRefused() {
    assertThatThrownBy(() -> PageRequest.parse("1001", null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Invalid limit 1001: must be between 1 and 1000. Lists answer at most 1000 items per page;"
            + " follow the cursor for the rest.");
    assertThatThrownBy(() -> PageRequest.parse("ten", null)).hasMessageContaining("must be a whole number");
  }

  @Test
  void forgedCursorIsRefusedNamingTheField() {
    assertThatThrownBy(() -> PageRequest.parse(null, "garbage!"))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.details()).containsOnlyKeys("cursor"));
  }

  @Test
  void idsSortInCreationOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ids.add(Ids.newId());
    }
    List<String> sorted = new ArrayList<>(ids);
    sorted.sort(null);
    assertThat(sorted).isEqualTo(ids);
    assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.charAt(14) == '7');
  }

  @Test
  void unsupportedDatabaseUrlNamesTheSchemeAndTheChoices() {
    assertThatThrownBy(() -> DatabaseKind.fromUrl("jdbc:mysql://db/x?password=hunter2", "TRIBUTARY_DB_URL"))
        .hasMessage("Unsupported database URL \"jdbc:mysql:…\" in TRIBUTARY_DB_URL: Tributary stores its data in"
            + " PostgreSQL (jdbc:postgresql://host:5432/db) or the embedded H2 database (jdbc:h2:file:/path/to/tributary)."
            + " Use one of those, or unset TRIBUTARY_DB_URL to use the embedded default.")
        .hasMessageNotContaining("hunter2");
  }
}
