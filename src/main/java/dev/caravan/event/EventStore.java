package dev.caravan.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where events are kept, read back by id, type and correlation id. Ids increase in the order the
 * events are committed on this node.
 */
public interface EventStore {

    /**
     * Hands an event to the store; the future completes with it, id and all, once it is
     * committed. Futures complete in the order the events were handed over.
     */
    CompletableFuture<Event> append(String type, Instant time, String correlationId, Map<String, Object> data);

    /** Stored events after an id, of one type and one correlation id when given, oldest first. */
    List<Event> query(long after, String type, String correlationId, int limit);
}
