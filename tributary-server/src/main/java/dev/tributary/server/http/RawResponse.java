package dev.tributary.server.http;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An answer written as it is, not as JSON with the route's status: for calls from apps (webhook
 * handshakes) whose answer the connector decides.
 */
public record RawResponse(int status, Map<String, String> headers, @Nullable String body) {}
