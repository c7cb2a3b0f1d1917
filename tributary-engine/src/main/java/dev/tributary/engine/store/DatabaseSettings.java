package dev.tributary.engine.store;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where the store lives. {@link #embedded(Path)} is the default: an H2 file in the data
 * directory.
 *
 * @param url a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL
 * @param user the database user, or null when the URL or the driver supplies it
 * @param password the password, or null; never printed
 * @param maxPoolSize the most connections the pool opens
 */
public record DatabaseSettings(
    String url, @Nullable String user, @Nullable String password, int maxPoolSize) {

  /** The name of the setting that holds the URL, used in error messages. */
  public static final String URL_SETTING = "TRIBUTARY_DB_URL";

  public static final int DEFAULT_MAX_POOL_SIZE = 10;

  public static DatabaseSettings of(String url, @Nullable String user, @Nullable String password) {
    return new DatabaseSettings(url, user, password, DEFAULT_MAX_POOL_SIZE);
  }

  /**
   * The embedded default: {@code <dataDir>/tributary.mv.db}. {@code AUTO_SERVER} lets a second
   * local process (e.g. {@code ./tributary token}) use the file while the server runs.
   */
  public static DatabaseSettings embedded(Path dataDir) {
    String file = dataDir.toAbsolutePath().normalize().resolve("tributary").toString();
    return of("jdbc:h2:file:" + file + WRITE_DELAY + AUTO_SERVER, null, null);
  }

  /**
   * {@code WRITE_DELAY=0}: a commit is written when it returns, so a killed process keeps what it
   * committed (by default H2 writes up to half a second later, and an event acknowledged to an app's
   * webhook could be lost).
   */
  private static final String WRITE_DELAY = ";WRITE_DELAY=0";
  private static final String AUTO_SERVER = ";AUTO_SERVER=TRUE";

  /**
   * These settings for sole use of the store: an embedded file that another process holds
   * open is then refused instead of shared. For operations that must not run beside a server; a
   * commit is written when it returns, as the server's are.
   */
  public DatabaseSettings exclusive() {
    return new DatabaseSettings(url.replace(AUTO_SERVER, ""), user, password, maxPoolSize);
  }

  public DatabaseKind kind() {
    return DatabaseKind.fromUrl(url, URL_SETTING);
  }

  /** The URL without anything after {@code ?} or {@code ;}, where credentials could hide. */
  public String redactedUrl() {
    int cut = url.length();
    for (char c : new char[] {'?', ';'}) {
      int at = url.indexOf(c);
      if (at >= 0 && at < cut) {
        cut = at;
      }
    }
    return cut == url.length() ? url : url.substring(0, cut) + "…";
  }

  @Override
  public String toString() {
    return "DatabaseSettings[url=" + redactedUrl() + ", user=" + user + "]";
  }
}
