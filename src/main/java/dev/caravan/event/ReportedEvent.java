package dev.caravan.event;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An event that reports a change and is committed in the change's own transaction, so that a crash
 * keeps both or neither (a run's end and its {@code workflow.execution.completed}, a state write and
 * its {@code state.changed}). Made by {@link EventBus#report}; the store that commits the change
 * {@linkplain #chain chains} the event's delivery before it hands the write over, like any event, so
 * that it is delivered in its place among this node's events.
 *
 * <p>It is delivered once the change is committed and the publisher's memory shows the change, so
 * that a listener acting on the event at once (retrying the run, starting the workflow) finds the
 * change everywhere:
 * <ul>
 * <li>by default, the publisher holds nothing of the change in memory, and the commit releases it;</li>
 * <li>{@link #atCommit} hands over a quick update of that memory (a run leaving the runs executing
 *     here), run on the committer's thread as the change commits, and the event is released then;</li>
 * <li>{@link #held} keeps it until the publisher {@linkplain #release() releases} it, for an update
 *     that must run on the publisher's thread (a deploy, under its workflow's lock). Delivery
 *     waits for that in line, at most {@link EventBus#RELEASE_WAIT}: release it in a {@code finally},
 *     and never wait for a delivery before.</li>
 * </ul>
 */
public final class ReportedEvent {

    private static final Logger LOG = LoggerFactory.getLogger(ReportedEvent.class);

    private final EventBus bus;
    private final String type;
    private final Instant time;
    private final String correlationId;
    private final Map<String, Object> data;
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    private volatile CompletableFuture<Event> awaited;
    private Runnable atCommit = () -> { };
    private boolean held;

    ReportedEvent(EventBus bus, String type, Instant time, String correlationId, Map<String, Object> data) {
        this.bus = bus;
        this.type = type;
        this.time = time;
        this.correlationId = correlationId;
        this.data = data;
    }

    public String type() {
        return type;
    }

    public Instant time() {
        return time;
    }

    public String correlationId() {
        return correlationId;
    }

    public Map<String, Object> data() {
        return data;
    }

    /**
     * What the publisher's memory needs once the change is committed: it runs then, on the thread
     * that completes the commit (the group committer's, so it must be quick and never wait), and
     * releases the event. Set before the change is handed to its store.
     */
    public ReportedEvent atCommit(Runnable update) {
        atCommit = update;
        return this;
    }

    /** Keeps the event from delivery until {@link #release}. Set before the change is handed to its store. */
    public ReportedEvent held() {
        held = true;
        return this;
    }

    /**
     * For the store, before it hands the change over: chains the event's delivery to the future of
     * its commit, which completes with the stored event, or with null when the change turned out to
     * report nothing (then nothing is delivered).
     */
    public void chain(CompletableFuture<Event> stored) {
        CompletableFuture<Event> committed = held ? stored : stored.thenApply(event -> {
            if (event != null) {
                runAtCommit();
            }
            return event;
        });
        awaited = bus.deliverOnceReleased(committed, released);
    }

    private void runAtCommit() {
        try {
            atCommit.run();
        } catch (RuntimeException e) {
            // the commit stands whatever happens here; the event goes out all the same
            LOG.warn("Updating memory after the commit of {} of {} failed: {}", type, correlationId, e.toString());
        } finally {
            release();
        }
    }

    /** Lets a {@linkplain #held held} event be delivered, once the publisher's memory shows the change. */
    public void release() {
        released.complete(null);
    }

    /**
     * Waits until the event is handed to the listeners' queues (not until they have taken it) and
     * returns it; null when the change reported nothing.
     */
    public Event awaitDelivery() {
        CompletableFuture<Event> delivery = awaited;
        if (delivery == null) {
            throw new IllegalStateException("the event of " + correlationId + " was never handed to a store");
        }
        return EventBus.join(delivery);
    }
}
