package dev.tributary.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The body of every error answer.
 *
 * @param type a stable code: {@code invalid-input}, {@code unauthorized}, {@code forbidden},
 *     {@code not-found}, {@code conflict}, {@code payload-too-large}, …
 * @param message what was wrong and what to do
 * @param details per-field messages, keyed by the field's path; empty when not about fields
 * @param requestId the id to quote when reporting a problem (also in the {@code X-Request-Id} header)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(
    String type, int status, String message, Map<String, List<String>> details, @Nullable String requestId) {}
