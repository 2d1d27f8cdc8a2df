package dev.caravan.event;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Caravan's events: each is stored first, then handed to the listeners of its type (the second
 * seed's {@code onEvent}). A listener that throws is logged and never stops the others, nor
 * whatever published the event.
 *
 * <p>Listeners get this node's events in id order, one at a time, on one delivery thread: events
 * are delivered in the order they were committed, which is the order of their ids (a WebSocket
 * client skips any id at or below the last it was sent, so an event delivered late would be lost).
 *
 * <pre>{@code
 * events.onEvent("state.changed", event -> log.info("state updated: {}", event.data()));
 * }</pre>
 */
@Service
public class EventBus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    /**
     * How long delivery waits for the publisher of a {@linkplain ReportedEvent#held held} event to
     * release it. Publishers release within moments of the commit; this only keeps a publisher's bug
     * from stopping delivery.
     */
    static final Duration RELEASE_WAIT = Duration.ofSeconds(10);

    private final EventStore store;
    private final Clock clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Boolean> delivering = ThreadLocal.withInitial(() -> false);
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("caravan-event-delivery").factory());

    private record Listener(String type, Consumer<Event> consumer) {
    }

    public EventBus(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Stores an event and delivers it; returns it with its id once it is stored and delivered. */
    public Event publish(String type, String correlationId, Map<String, Object> data) {
        // a listener that publishes runs on the delivery thread: its event is delivered after this
        // one, so it waits for the store only
        Function<CompletableFuture<Event>, CompletableFuture<Event>> awaited = delivering.get()
                ? stored -> {
                    deliverWhenStored(stored);
                    return stored;
                }
                : this::deliverWhenStored;
        return join(store.append(type, clock.instant(), correlationId, data, awaited));
    }

    /**
     * An event to commit in the same transaction as the change it reports, by the store that
     * commits the change; delivered once committed, or as {@link ReportedEvent} lets the publisher say.
     */
    public ReportedEvent report(String type, String correlationId, Map<String, Object> data) {
        return new ReportedEvent(this, type, clock.instant(), correlationId, data);
    }

    /**
     * Stores and delivers an event without waiting for either: for events only observers read, whose
     * loss in a crash changes no run (docs/state.md, "Group commit"). It is stored before anything
     * the same thread writes after it.
     */
    public void publishWithoutWaiting(String type, String correlationId, Map<String, Object> data) {
        store.append(type, clock.instant(), correlationId, data, this::deliverWhenStored).whenComplete((event, failure) -> {
            if (failure != null) {
                LOG.warn("Event {} of {} could not be stored: {}", type, correlationId, failure.getMessage());
            }
        });
    }

    /**
     * Chained before the event is handed over ({@link EventStore#append}): the store completes its
     * futures in commit order, so deliveries are queued in id order.
     */
    private CompletableFuture<Event> deliverWhenStored(CompletableFuture<Event> stored) {
        return stored.thenApplyAsync(event -> {
            deliverOnThisThread(event);
            return event;
        }, deliveries);
    }

    /**
     * {@link #deliverWhenStored} for a {@link ReportedEvent}: queued in its place at the commit, it
     * waits there until released (at once, but for a held one). Returns what its publisher waits for: the delivery, or on the
     * delivery thread itself, which cannot wait for what comes after it, the store.
     */
    CompletableFuture<Event> deliverOnceReleased(CompletableFuture<Event> stored, CompletableFuture<Void> released) {
        CompletableFuture<Event> delivered = stored.thenApplyAsync(event -> {
            // null: the change reported nothing, and no event was stored
            if (event != null) {
                awaitRelease(event, released);
                deliverOnThisThread(event);
            }
            return event;
        }, deliveries);
        return delivering.get() ? stored : delivered;
    }

    private static void awaitRelease(Event event, CompletableFuture<Void> released) {
        try {
            released.get(RELEASE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException late) {
            LOG.warn("Event {} ({} of {}) was not released by its publisher within {} s: delivered now",
                    event.id(), event.type(), event.correlationId(), RELEASE_WAIT.toSeconds());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException impossible) {
            // release() only ever completes it normally
        }
    }

    private void deliverOnThisThread(Event event) {
        delivering.set(true);
        try {
            deliver(event);
        } finally {
            delivering.set(false);
        }
    }

    static Event join(CompletableFuture<Event> future) {
        try {
            return future.join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException runtime ? runtime : failed;
        }
    }

    /** Hands an event already stored (by this node or another) to this node's listeners. */
    void deliver(Event event) {
        for (Listener listener : listeners) {
            if (listener.type().equals("*") || listener.type().equals(event.type())) {
                deliver(listener, event);
            }
        }
    }

    /** Listens to events of one type, or of every type with {@code "*"}; close the result to stop. */
    public AutoCloseable onEvent(String type, Consumer<Event> consumer) {
        Listener listener = new Listener(type, consumer);
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Stored events after an id, of one type and one correlation id when given, oldest first. */
    public List<Event> after(long id, String type, String correlationId, int limit) {
        return store.query(id, type, correlationId, limit);
    }

    @Override
    public void close() {
        deliveries.close();
    }

    private static void deliver(Listener listener, Event event) {
        try {
            listener.consumer().accept(event);
        } catch (RuntimeException e) {
            LOG.warn("A listener of {} failed on event {}: {}", listener.type(), event.id(), e.getMessage());
        }
    }
}
