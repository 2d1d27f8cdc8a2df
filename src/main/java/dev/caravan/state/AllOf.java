package dev.caravan.state;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Batchable writes that commit as one write: in one transaction whatever becomes of their group
 * (a run's row and its steps' rows, so that a run is never seen without its steps). In a group,
 * each part is still batched with the like parts of other writes, in the order of the parts.
 */
record AllOf(List<Batchable<?>> parts) implements Write<Void> {

    /** @throws IllegalArgumentException when the parts differ in order key or one is append-only */
    AllOf {
        parts = List.copyOf(parts);
        // a loop, not streams: one AllOf per run created, and the streams showed in profiles
        Object key = parts.isEmpty() ? null : parts.getFirst().orderKey();
        for (Batchable<?> part : parts) {
            // one key for all: the group keeps the parts in their order only among writes of one key
            if (!Objects.equals(part.orderKey(), key)) {
                throw new IllegalArgumentException("the parts of one write must share one order key");
            }
            // append-only writes go after the rest of their group, which would split the write
            if (part.appendOnly()) {
                throw new IllegalArgumentException("append-only writes cannot be part of another write");
            }
        }
    }

    /**
     * Alone (inside a caller's transaction, or again after its group failed), its parts go as
     * its group would send them: consecutive parts of one statement (a run's steps) in one batch.
     */
    @Override
    public Void apply(JdbcTemplate jdbc) {
        if (!parts.isEmpty()) {
            GroupBatches.apply(List.of(new PendingWrite<>(this, new CompletableFuture<>())), jdbc);
        }
        return null;
    }
}
