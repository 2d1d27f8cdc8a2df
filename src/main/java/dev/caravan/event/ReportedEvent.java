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
 * <p>It is not delivered before its publisher {@linkplain #release() releases} it: the publisher
 * first brings what it holds in memory in line with the change (a workflow becomes current), so
 * that a listener acting on the event at once (starting the workflow) finds the change everywhere.
 * The publisher releases it in a {@code finally}; the delivery thread waits for that at most
 * {@link EventBus#RELEASE_WAIT}. Where that memory is a quick update, the publisher hands it over
 * instead ({@link #atCommit}): it runs the moment the change is committed, and releases the event
 * then, so that delivery never waits for the publisher's thread (a run's end, hundreds a second).
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
    private Runnable atCommit;

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
     * For the store, before it hands the change over: chains the event's delivery to the future of
     * its commit, which completes with the stored event, or with null when the change turned out to
     * report nothing (then nothing is delivered). Returns that future, for the store's own chain.
     */
    public <F extends CompletableFuture<Event>> F chain(F stored) {
        CompletableFuture<Event> committed = atCommit == null ? stored : stored.thenApply(event -> {
            if (event != null) {
                runAtCommit();
            }
            return event;
        });
        awaited = bus.deliverOnceReleased(committed, released);
        return stored;
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

    /** Lets the event be delivered; the publisher calls it once its memory shows the change. */
    public void release() {
        released.complete(null);
    }

    /**
     * Waits until the event is delivered (on the delivery thread itself, only until it is stored)
     * and returns it; null when the change reported nothing. Release it first.
     */
    public Event awaitDelivery() {
        CompletableFuture<Event> delivery = awaited;
        if (delivery == null) {
            throw new IllegalStateException("the event of " + correlationId + " was never handed to a store");
        }
        return EventBus.join(delivery);
    }
}
