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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Caravan's events: each is stored first, then handed to the listeners of its type (the second
 * seed's {@code onEvent}). A listener that throws is logged and never stops the others, nor
 * whatever published the event.
 *
 * <p>Each listener gets this node's events in id order, one at a time, on a thread of its own:
 * events are handed over in the order they were committed, which is the order of their ids (a
 * WebSocket client skips any id at or below the last it was sent, so an event delivered late would
 * be lost). A slow listener holds back only itself: its events wait in its own queue, and neither
 * the other listeners nor whoever published the events wait for it.
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
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("caravan-event-delivery").factory());

    /** A listener's backlog at which a warning says it is falling behind, and again at each tenfold. */
    static final int BACKLOG_WARNING = 10_000;

    /**
     * A listener, and the queue and thread its events wait in. With a backlog limit, a listener that
     * falls further behind than the limit is dropped: its waiting events are discarded and its
     * {@code fellBehind} action runs once, so that it can tell its client where to resume.
     */
    private final class Listener {

        private final String type;
        private final Consumer<Event> consumer;
        private final int backlogLimit;
        private final Runnable fellBehind;
        private final ExecutorService queue;
        private final AtomicInteger backlog = new AtomicInteger();
        private final AtomicBoolean dropped = new AtomicBoolean();

        Listener(String type, Consumer<Event> consumer, int backlogLimit, Runnable fellBehind) {
            this.type = type;
            this.consumer = consumer;
            this.backlogLimit = backlogLimit;
            this.fellBehind = fellBehind;
            this.queue = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("caravan-event-listener-" + type).factory());
        }

        boolean wants(Event event) {
            return type.equals("*") || type.equals(event.type());
        }

        /** Queues the event for this listener; returns at once. */
        void handOver(Event event) {
            int behind = backlog.incrementAndGet();
            if (backlogLimit > 0 && behind > backlogLimit) {
                drop();
                return;
            }
            if (behind >= BACKLOG_WARNING && tenfoldOfOne(behind)) {
                LOG.warn("A listener of {} is {} events behind: it takes longer per event than events come", type, behind);
            }
            try {
                queue.execute(() -> {
                    backlog.decrementAndGet();
                    if (!dropped.get()) {
                        consume(event);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                backlog.decrementAndGet(); // the listener was closed meanwhile
            }
        }

        private void consume(Event event) {
            try {
                consumer.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("A listener of {} failed on event {}: {}", type, event.id(), e.getMessage());
            }
        }

        private static boolean tenfoldOfOne(int count) {
            int rest = count;
            while (rest % 10 == 0) {
                rest /= 10;
            }
            return rest == 1;
        }

        /**
         * Unsubscribes a listener that fell too far behind. Its thread is not interrupted (it may be
         * in the middle of a write that the fell-behind action will close), and the action runs on a
         * thread of its own: delivery to the others goes on meanwhile.
         */
        private void drop() {
            if (dropped.compareAndSet(false, true)) {
                listeners.remove(this);
                close();
                LOG.info("A listener of {} fell more than {} events behind and was unsubscribed", type, backlogLimit);
                Thread.ofVirtual().name("caravan-event-listener-dropped").start(fellBehind);
            }
        }

        /** Stops taking events; those queued already are still handed to the listener. */
        void close() {
            queue.shutdown();
        }
    }

    public EventBus(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Stores an event and delivers it; returns it with its id once it is stored and handed to the
     * listeners' queues. A listener may publish: the hand-over never waits for a listener.
     */
    public Event publish(String type, String correlationId, Map<String, Object> data) {
        return join(store.append(type, clock.instant(), correlationId, data, this::deliverWhenStored));
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
            deliver(event);
            return event;
        }, deliveries);
    }

    /**
     * {@link #deliverWhenStored} for a {@link ReportedEvent}: queued in its place at the commit, it
     * waits there until released (at once, but for a held one). Returns what its publisher waits for: the hand-over.
     */
    CompletableFuture<Event> deliverOnceReleased(CompletableFuture<Event> stored, CompletableFuture<Void> released) {
        CompletableFuture<Event> delivered = stored.thenApplyAsync(event -> {
            // null: the change reported nothing, and no event was stored
            if (event != null) {
                awaitRelease(event, released);
                deliver(event);
            }
            return event;
        }, deliveries);
        return delivered;
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


    static Event join(CompletableFuture<Event> future) {
        try {
            return future.join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException runtime ? runtime : failed;
        }
    }

    /** Hands an event already stored (by this node or another) to this node's listeners, each in its queue. */
    void deliver(Event event) {
        for (Listener listener : listeners) {
            if (listener.wants(event)) {
                listener.handOver(event);
            }
        }
    }

    /**
     * Listens to events of one type, or of every type with {@code "*"}; close the result to stop.
     * The listener is called on a thread of its own, one event at a time, in id order.
     */
    public AutoCloseable onEvent(String type, Consumer<Event> consumer) {
        return subscribe(new Listener(type, consumer, 0, () -> { }));
    }

    /**
     * {@link #onEvent(String, Consumer)} for a listener that must not hold events without bound, such
     * as a remote client that may stop reading: once more than {@code backlogLimit} events wait for
     * it, it is unsubscribed, the events waiting for it are discarded, and {@code fellBehind} runs,
     * once, on a thread of its own. The events are still stored: the client resumes from the store.
     */
    public AutoCloseable onEvent(String type, Consumer<Event> consumer, int backlogLimit, Runnable fellBehind) {
        if (backlogLimit <= 0) {
            throw new IllegalArgumentException("backlogLimit must be positive, was " + backlogLimit);
        }
        return subscribe(new Listener(type, consumer, backlogLimit, fellBehind));
    }

    private AutoCloseable subscribe(Listener listener) {
        listeners.add(listener);
        return () -> {
            listeners.remove(listener);
            listener.close();
        };
    }

    /** Stored events after an id, of one type and one correlation id when given, oldest first. */
    public List<Event> after(long id, String type, String correlationId, int limit) {
        return store.query(id, type, correlationId, limit);
    }

    @Override
    public void close() {
        deliveries.close();
        listeners.forEach(Listener::close);
    }
}
