package dev.tributary.connectors.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.error.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysTest {

  @Test
  void aOneColumnIdIsTheValueItself() {
    assertThat(Keys.id(List.of("a,b%"))).isEqualTo("a,b%");
    assertThat(Keys.parseId("a,b%", 1)).containsExactly("a,b%");
  }

  @Test
  void compositeIdsRoundTripValuesWithCommasAndPercents() {
    List<String> values = List.of("r,d", "100%", "%2C", "");
    String id = Keys.id(values);
    assertThat(id).isEqualTo("r%2Cd,100%25,%252C,");
    assertThat(Keys.parseId(id, 4)).containsExactlyElementsOf(values);
  }

  @Test
  void anIdWithTheWrongNumberOfValuesIsRefused() {
    assertThatThrownBy(() -> Keys.parseId("1,2,3", 2)).isInstanceOf(InvalidInputException.class)
        .hasMessage("The id \"1,2,3\" does not name a record of this collection: its key has 2 columns, so an id is 2"
            + " comma-separated values. Use an id this collection gave.");
  }

  @Test
  void cursorsRoundTripAnyText() {
    List<String> values = List.of("2024-01-01T00:00", "a.b'; --", "名前");
    assertThat(Keys.parseCursor(Keys.cursor(values), 3)).containsExactlyElementsOf(values);
  }

  @Test
  void aForeignCursorIsRefused() {
    assertThatThrownBy(() -> Keys.parseCursor("not*base64", 1)).isInstanceOf(InvalidInputException.class)
        .hasMessage("The cursor \"not*base64\" is not one this collection gave. Start again without a cursor.");
  }
}
