package dev.tributary.server;

/**
 * The HTTP server's own settings.
 *
 * @param host the interface to listen on
 * @param port the port (0 picks a free one, for tests)
 * @param maxRequestSize the largest request body accepted, in bytes
 * @param publicUrl the address browsers reach this server at (for OAuth callbacks), or null for
 *     {@code http://localhost:<port>}
 */
public record ServerSettings(String host, int port, long maxRequestSize, @org.jspecify.annotations.Nullable String publicUrl) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_REQUEST_SIZE = 10L * 1024 * 1024;

  public static ServerSettings defaults() {
    return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_REQUEST_SIZE, null);
  }

  public ServerSettings withPort(int port) {
    return new ServerSettings(host, port, maxRequestSize, publicUrl);
  }

  public ServerSettings withMaxRequestSize(long maxRequestSize) {
    return new ServerSettings(host, port, maxRequestSize, publicUrl);
  }
}
