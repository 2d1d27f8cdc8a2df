package dev.caravan.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Where events are kept, read back by id, type and correlation id. Ids increase in the order the
 * events are committed on this node.
 */
public interface EventStore {

    /**
     * Hands an event to the store and returns what {@code whenStored} chains to the stored event:
     * that future completes with the event, id and all, once it is committed, and futures complete
     * in the order the events were handed over. The chain is made before the event is handed over,
     * so it runs in that order too: chained afterwards to a future already completed, it would run
     * at once on the caller's thread, possibly after the chains of events committed later.
     */
    <R> CompletableFuture<R> append(String type, Instant time, String correlationId, Map<String, Object> data,
            Function<CompletableFuture<Event>, CompletableFuture<R>> whenStored);

    /** Stored events after an id, of one type and one correlation id when given, oldest first. */
    List<Event> query(long after, String type, String correlationId, int limit);
}
