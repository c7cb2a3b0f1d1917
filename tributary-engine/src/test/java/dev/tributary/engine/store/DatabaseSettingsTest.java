package dev.tributary.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseSettingsTest {

  @TempDir
  Path dataDir;

  @Test
  void theEmbeddedFileWritesEachCommitWhenItReturnsAndIsSharedWithLocalProcesses() {
    DatabaseSettings settings = DatabaseSettings.embedded(dataDir);

    assertThat(writeDelay(settings)).isEqualTo("0");
    assertThat(settings.url()).contains(";AUTO_SERVER=TRUE");
  }

  @Test
  void soleUseStillWritesEachCommitWhenItReturns() {
    DatabaseSettings settings = DatabaseSettings.embedded(dataDir).exclusive();

    assertThat(writeDelay(settings)).isEqualTo("0");
    assertThat(settings.url()).doesNotContain("AUTO_SERVER");
  }

  /** H2's WRITE_DELAY as the open database reports it: how many milliseconds a commit may wait to be written. */
  private static String writeDelay(DatabaseSettings settings) {
    Database database = Database.open(settings);
    try {
      return database.withHandle(handle -> handle.createQuery(
              "select setting_value from information_schema.settings where setting_name = 'WRITE_DELAY'")
          .mapTo(String.class).one());
    } finally {
      database.close();
    }
  }
}
