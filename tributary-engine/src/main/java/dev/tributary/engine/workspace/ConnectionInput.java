package dev.tributary.engine.workspace;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a client may set on a connection.
 *
 * @param integration the integration's id or key; required on create, fixed after
 * @param customer the customer's id or internal id; an admin must give it on create, a customer's
 *     own token implies it
 * @param credentials the app's credentials (API key, tokens, …); kept encrypted
 * @param connectorParameters per-connection connector parameters; kept encrypted
 */
public record ConnectionInput(
    @Nullable String integration,
    @Nullable String customer,
    @Nullable String name,
    @Nullable String key,
    @Nullable Map<String, Object> credentials,
    @Nullable Map<String, Object> connectorParameters,
    @Nullable Boolean isTest) {}
