package dev.caravan.state;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A group of writes on its way to the database, and what the group after it must know of it
 * ({@link GroupCommitter}, "two groups at once"): whether a write may be applied while this group
 * is not committed yet, when its final apply ended, and when its callers have been told.
 */
final class Flight {

    /** The flight before the first: committed and told long ago. */
    static final Flight LANDED = landed();

    private final List<PendingWrite<?>> writes;
    private final Set<String> keys = new HashSet<>();
    private boolean ordersAll;
    private Flight previous;
    private long applyStart;

    /** Completes when this group's first apply ended, well or not: the next group may be applied. */
    final CompletableFuture<Void> applied = new CompletableFuture<>();

    /**
     * Completes once every write of the group is committed or failed for good, with the tick at
     * which the group's last apply ended: a group applied before that tick read or numbered rows
     * beside an apply that was not yet final, and must be applied again.
     */
    final CompletableFuture<Long> committed = new CompletableFuture<>();

    /** Completes once the callers of the group's writes have been told. */
    final CompletableFuture<Void> told = new CompletableFuture<>();

    Flight(List<PendingWrite<?>> writes, Flight previous) {
        this.writes = writes;
        this.previous = previous;
        writes.forEach(this::remember);
    }

    private static Flight landed() {
        Flight landed = new Flight(List.of(), null);
        landed.applied.complete(null);
        landed.committed.complete(Long.MIN_VALUE);
        landed.told.complete(null);
        return landed;
    }

    List<PendingWrite<?>> writes() {
        return writes;
    }

    Flight previous() {
        return previous;
    }

    /** Forgets the flight before, once this one is told: flights must not chain back to the first. */
    void forgetPrevious() {
        previous = null;
    }

    long applyStart() {
        return applyStart;
    }

    void applyStarted(long tick) {
        applyStart = tick;
    }

    /**
     * Whether {@code write} may be applied while this group is applied but not yet committed:
     * when it touches rows this group does not (another run's, or new events only), and does not
     * wait on the fate of writes not yet told. Anything else would read, behind this group's
     * uncommitted writes, rows as they were before them.
     */
    boolean mayOverlap(PendingWrite<?> write) {
        if (told.isDone()) {
            return true;
        }
        if (ordersAll || write.after().stream().anyMatch(earlier -> !earlier.isDone())) {
            return false;
        }
        if (write.appendOnly()) {
            return true;
        }
        List<Batchable<?>> parts = write.batchableParts();
        if (parts.isEmpty()) {
            return false;
        }
        for (Batchable<?> part : parts) {
            if (part.orderKey() == null || keys.contains(part.orderKey())) {
                return false;
            }
        }
        return true;
    }

    private void remember(PendingWrite<?> write) {
        if (write.appendOnly()) {
            return;
        }
        List<Batchable<?>> parts = write.batchableParts();
        if (parts.isEmpty()) {
            ordersAll = true;
        }
        for (Batchable<?> part : parts) {
            if (part.orderKey() == null) {
                ordersAll = true;
            } else {
                keys.add(part.orderKey());
            }
        }
    }
}
