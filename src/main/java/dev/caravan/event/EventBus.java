package dev.caravan.event;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Caravan's events: each is stored first, then handed to the listeners of its type (the second
 * seed's {@code onEvent}). A listener that throws is logged and never stops the others, nor
 * whatever published the event.
 *
 * <pre>{@code
 * events.onEvent("state.changed", event -> log.info("state updated: {}", event.data()));
 * }</pre>
 */
@Service
public class EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final EventStore store;
    private final Clock clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    private record Listener(String type, Consumer<Event> consumer) {
    }

    public EventBus(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Stores an event and delivers it; returns it with its id. */
    public Event publish(String type, String correlationId, Map<String, Object> data) {
        Event event = store.append(type, clock.instant(), correlationId, data);
        deliver(event);
        return event;
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

    private static void deliver(Listener listener, Event event) {
        try {
            listener.consumer().accept(event);
        } catch (RuntimeException e) {
            LOG.warn("A listener of {} failed on event {}: {}", listener.type(), event.id(), e.getMessage());
        }
    }
}
