package dev.tributary.connectors.asana;

import dev.tributary.connector.ApiRequest;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.CustomPullEvents;
import dev.tributary.connectors.webhooks.WebhookCalls;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Task changes through Asana's event stream on the collection's project ({@code GET
 * /events?resource=<project>&sync=<token>}). Asana hands out the first sync token by refusing a
 * request without one (412 Precondition Failed, the token in the body), which is "now".
 */
final class AsanaEvents implements CustomPullEvents {

  private static final Pattern SYNC = Pattern.compile("\"sync\":\"([^\"]+)\"");

  @Override
  public String currentState(ConnectorContext context) {
    try {
      context.api().send(request(context, null));
    } catch (ConnectorException e) {
      if (e.httpStatus() == 412) {
        Matcher sync = SYNC.matcher(e.getMessage());
        if (sync.find()) {
          return sync.group(1);
        }
      }
      throw e;
    }
    throw new ConnectorException(ConnectorException.Kind.REJECTED, 200, "Asana answered /events without a sync token"
        + " with events instead of 412 Precondition Failed; cannot tell where \"now\" is. Try subscribing again.");
  }

  @Override
  public Batch pull(ConnectorContext context, String state) {
    JsonNode answer;
    try {
      answer = WebhookCalls.tree(context.api().send(request(context, state)).data());
    } catch (ConnectorException e) {
      if (e.httpStatus() == 412) {
        throw new ConnectorException(ConnectorException.Kind.REJECTED, 412, "Asana no longer knows the sync token of this"
            + " subscription (it expires after 24 hours without a pull), so changes since then are lost to it. Resubscribe"
            + " (a full scan then catches up).", null, e);
      }
      throw e;
    }
    String next = answer.path("sync").asString(state);
    return new Batch(AsanaChanges.of(answer.path("data")), next, answer.path("has_more").asBoolean(false));
  }

  private static ApiRequest request(ConnectorContext context, @Nullable String sync) {
    Object project = context.parameters().get("projectGid");
    if (project == null) {
      throw new IllegalStateException("the tasks collection has no projectGid parameter");
    }
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("resource", project);
    if (sync != null) {
      query.put("sync", sync);
    }
    return ApiRequest.get("/events").withQuery(query);
  }
}
