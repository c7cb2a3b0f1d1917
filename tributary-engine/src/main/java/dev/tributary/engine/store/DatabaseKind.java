package dev.tributary.engine.store;

import dev.tributary.error.InvalidConfigException;
import java.util.Locale;

/** The databases Tributary stores its data in. One set of migrations serves both. */
public enum DatabaseKind {
  /** The embedded default: one file under the data directory, nothing to install. */
  H2,
  /** The production store; several nodes may share one. */
  POSTGRESQL;

  /**
   * Recognises the database from a JDBC URL.
   *
   * @param setting the name of the setting the URL came from, for the error message
   * @throws InvalidConfigException if the URL names neither database
   */
  public static DatabaseKind fromUrl(String url, String setting) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    int schemeEnd = lower.indexOf(':', lower.indexOf(':') + 1);
    String scheme = schemeEnd > 0 ? url.substring(0, schemeEnd + 1) : "(no jdbc: scheme)";
    throw new InvalidConfigException(
        setting,
        "Unsupported database URL \""
            + scheme
            + "…\" in "
            + setting
            + ": Tributary stores its data in PostgreSQL (jdbc:postgresql://host:5432/db) or the"
            + " embedded H2 database (jdbc:h2:file:/path/to/tributary). Use one of those, or unset "
            + setting
            + " to use the embedded default.");
  }
}
