package dev.tributary.engine.workspace;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an admin may set on an integration. On create, {@code key} and {@code connectorKey} are
 * required and {@code name} defaults to the key.
 *
 * @param parameters the connector parameters (OAuth client id and secret, …); kept encrypted
 */
public record IntegrationInput(
    @Nullable String key,
    @Nullable String name,
    @Nullable String connectorKey,
    @Nullable String connectorVersion,
    @Nullable Map<String, Object> parameters) {}
