package dev.tributary.engine.workspace;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A user or organisation of the SaaS product.
 *
 * @param id Tributary's id
 * @param internalId the SaaS product's own id for it: the {@code id} claim of its tokens
 * @param fields arbitrary data the SaaS product attaches (from the token, or set by an admin)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Customer(
    String id,
    String internalId,
    String name,
    Map<String, Object> fields,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant lastActiveAt,
    @Nullable Instant archivedAt) {

  public Customer {
    fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
  }
}
