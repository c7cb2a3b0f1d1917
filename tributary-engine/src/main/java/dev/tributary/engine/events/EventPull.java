package dev.tributary.engine.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One pull of a subscription. A running pull reports its progress: pages and records read so far,
 * and for a full scan the size of the snapshot it compares against.
 *
 * @param status {@code running}, {@code succeeded} or {@code failed}
 */
public record EventPull(
    String id,
    String subscriptionId,
    boolean isFullScan,
    boolean isBaseline,
    String status,
    int pages,
    int records,
    int snapshotSize,
    int events,
    @Nullable String error,
    Instant startedAt,
    @Nullable Instant finishedAt) {}
