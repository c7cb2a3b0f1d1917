package dev.tributary.server.routes;

import dev.tributary.server.http.Access;
import dev.tributary.server.http.Api;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The embeddable configuration page of a data source instance, meant for an iframe in the SaaS
 * product: {@code /embed/data-source-instances/{id}/configuration#token=<customer token>}. The
 * page itself holds no data; it reads and saves the instance through the API with the token.
 */
public final class EmbedRoutes {

  private final String page = resource("configuration.html");
  private final String script = resource("configuration.js");
  private final String styles = resource("configuration.css");

  public void register(Api api) {
    api.get("/embed/data-source-instances/{id}/configuration").summary("The configuration page of a data source instance")
        .tag("Embedded UI").access(Access.PUBLIC).respondsWith("text/html; charset=utf-8")
        .handle(call -> page);
    api.get("/embed/configuration.js").summary("The script of the configuration page").tag("Embedded UI")
        .access(Access.PUBLIC).respondsWith("text/javascript; charset=utf-8")
        .handle(call -> script);
    api.get("/embed/configuration.css").summary("The styles of the configuration page").tag("Embedded UI")
        .access(Access.PUBLIC).respondsWith("text/css; charset=utf-8")
        .handle(call -> styles);
  }

  private static String resource(String name) {
    try (InputStream in = EmbedRoutes.class.getResourceAsStream("/embed/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource embed/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
