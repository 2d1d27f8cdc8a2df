package dev.caravan.state;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits the writes of many callers together (group commit). A commit costs a disk flush (about
 * 2 ms on the machines Caravan was measured on), far more than the statements it makes durable;
 * concurrent runs that each committed their own step paid one flush each. Here callers hand over
 * a write and wait; the committer takes whatever writes are waiting (up to {@code maxWrites}),
 * runs them in one transaction, commits once, and releases all their callers.
 * With one caller the cost is what it was; with many, a flush is shared. Within a group, the
 * {@link Batchable} writes of one statement go to the database as one JDBC batch, as far as their
 * order allows ({@link GroupBatches}).
 *
 * <p>Guarantees:
 * <ul>
 * <li>{@link #commit} returns only once its write is committed, and throws the write's own error.</li>
 * <li>Writes are applied in the order they were handed over, also across {@link #submit} and
 *     {@link #commit}, but for writes that say they commute: those of different
 *     {@linkplain Batchable#orderKey() order keys} (runs), and append-only ones.</li>
 * <li>A failing write fails only its own caller: the group is rolled back and its writes are
 *     committed again one by one.</li>
 * <li>At most {@code maxWaiting} writes wait; a caller beyond that blocks until there is room.</li>
 * </ul>
 *
 * <p>Two groups at once (an option, off by default). A group's time is round trips, its
 * statements' and then its commit's, and the writes handed over meanwhile wait for all of it. With
 * two lanes ({@link CommitLanes}), each a thread with a connection of its own, the next group is
 * applied while one commits; with the database on the same 2-core machine that lost more CPU than
 * it saved waiting, so one lane is the default. The guarantees above hold with two, for three
 * rules:
 * <ul>
 * <li>Applies never overlap, and groups commit in the order they were applied: events are
 *     numbered as they are inserted, and a client that reads after an event id must never see a
 *     lower id committed later.</li>
 * <li>While a group is not committed, the next takes only writes that touch none of its rows:
 *     other runs' writes, and new events ({@link Flight#mayOverlap}). Another write would read the
 *     rows as they were before the uncommitted group, or not see the rows it inserted.</li>
 * <li>A group commits only if the group before it was not applied again after it began (when
 *     that group failed and was committed write by write, say); else it is rolled back and
 *     applied again, after it.</li>
 * </ul>
 *
 * <p>A write runs on a lane's thread, inside the group's transaction, through the
 * {@link JdbcTemplate} it is given; it must touch nothing but the database, since it may run more
 * than once (in its group, rolled back, and again, in a group or on its own).
 */
public final class GroupCommitter implements AutoCloseable {

    private final JdbcTemplate jdbc;
    private final int maxWrites;
    private final BlockingQueue<PendingWrite<?>> waiting;
    private final CommitLanes lanes;
    private final Thread committer;
    private volatile boolean closed;

    /**
     * A committer with one lane: groups one after the other.
     *
     * @param maxWrites the most writes committed in one transaction
     * @param maxWaiting the most writes waiting for the committer before callers are held back
     */
    public GroupCommitter(JdbcTemplate jdbc, TransactionTemplate transactions, int maxWrites, int maxWaiting,
            MeterRegistry meters) {
        this(jdbc, transactions, maxWrites, maxWaiting, 1, meters);
    }

    /**
     * @param maxWrites the most writes committed in one transaction
     * @param maxWaiting the most writes waiting for the committer before callers are held back
     * @param lanes how many groups may be on their way at once: 1 or 2
     */
    public GroupCommitter(JdbcTemplate jdbc, TransactionTemplate transactions, int maxWrites, int maxWaiting,
            int lanes, MeterRegistry meters) {
        if (lanes < 1 || lanes > 2) {
            throw new IllegalArgumentException("a group committer has 1 or 2 lanes, not " + lanes);
        }
        this.jdbc = jdbc;
        this.maxWrites = maxWrites;
        this.waiting = new ArrayBlockingQueue<>(maxWaiting);
        this.lanes = new CommitLanes(jdbc, transactions, lanes, meters);
        meters.gauge("caravan.state.commit.waiting", waiting, BlockingQueue::size);
        this.committer = Thread.ofPlatform().name("caravan-group-commit").daemon().start(this::commitLoop);
    }

    /**
     * Commits a write together with whatever else is waiting, and returns its result once committed.
     * Called inside a transaction of the caller's, the write joins that transaction instead, see
     * {@link #joinsCallersTransaction()}.
     */
    public <T> T commit(Write<T> write) {
        return commit(write, List.of());
    }

    /**
     * {@link #commit} for a write that must not be committed unless the writes whose futures are
     * in {@code after}, handed over to this committer before it, were: when one failed, this write
     * fails too, with nothing of it committed. A run's end so follows its steps' results handed over
     * without waiting: it never says a run succeeded whose results are not all stored.
     */
    public <T> T commit(Write<T> write, List<? extends CompletableFuture<?>> after) {
        if (joinsCallersTransaction()) {
            throwIfFailedBefore(new PendingWrite<>(write, new CompletableFuture<>(), after));
            return write.apply(jdbc);
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        enqueue(new PendingWrite<>(write, done, after));
        try {
            return done.join();
        } catch (CompletionException failed) {
            throw rethrowable(failed.getCause());
        }
    }

    /**
     * Hands a write over without waiting for its commit: the future completes once it is committed
     * (or failed). For writes a crash may lose (docs/state.md, "Group commit"), and for callers that
     * wait later. It is committed before any write handed over after it, and futures complete in
     * the order their writes were handed over.
     */
    public <T> CompletableFuture<T> submit(Write<T> write) {
        return submit(write, Function.identity());
    }

    /**
     * {@link #submit} with a chain made before the write is handed over: what {@code whenDone}
     * chains to the write's future runs in the order the writes were handed over, on a
     * thread of the committer's, one chain after another. A chain made after {@code submit} returned may find the write already
     * committed, and then runs at once on the caller's thread, after the chains of writes committed
     * later may have run.
     */
    public <T, R> CompletableFuture<R> submit(Write<T> write,
            Function<CompletableFuture<T>, CompletableFuture<R>> whenDone) {
        return submit(write, whenDone, List.of());
    }

    /** {@link #submit(Write, Function)} for a write committed only if those of {@code after} were, as in {@link #commit(Write, List)}. */
    public <T, R> CompletableFuture<R> submit(Write<T> write,
            Function<CompletableFuture<T>, CompletableFuture<R>> whenDone, List<? extends CompletableFuture<?>> after) {
        if (joinsCallersTransaction()) {
            CompletableFuture<T> done;
            try {
                throwIfFailedBefore(new PendingWrite<>(write, new CompletableFuture<>(), after));
                done = CompletableFuture.completedFuture(write.apply(jdbc));
            } catch (RuntimeException failed) {
                done = CompletableFuture.failedFuture(failed);
            }
            return whenDone.apply(done);
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        CompletableFuture<R> chained = whenDone.apply(done);
        enqueue(new PendingWrite<>(write, done, after));
        return chained;
    }

    /**
     * Whether the calling thread is inside a transaction of its own: its writes then belong to that
     * transaction and commit (or roll back) with it, as the caller meant. Sent to the committer they
     * would commit apart from it, and a group touching a row the caller's transaction has locked
     * would wait for that transaction while the caller waits for the group: a deadlock no database
     * can see.
     */
    private static boolean joinsCallersTransaction() {
        return TransactionSynchronizationManager.isActualTransactionActive();
    }

    private void enqueue(PendingWrite<?> pending) {
        if (closed) {
            throw new IllegalStateException("the group committer is closed");
        }
        try {
            waiting.put(pending);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for room in the commit queue", interrupted);
        }
    }

    /** Commits what is waiting, then stops the committer. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        committer.join(TimeUnit.SECONDS.toMillis(30));
        lanes.close();
    }

    private void commitLoop() {
        Flight[] recent = new Flight[lanes.size()];
        Arrays.fill(recent, Flight.LANDED);
        Flight previous = Flight.LANDED;
        long flights = 0;
        while (!closed || !waiting.isEmpty()) {
            try {
                // the lane this flight goes to is free once the flight it had before is told
                recent[(int) (flights % recent.length)].told.join();
                List<PendingWrite<?>> group = take(previous);
                if (group.isEmpty()) {
                    continue;
                }
                Flight flight = new Flight(group, previous);
                recent[(int) (flights++ % recent.length)] = flight;
                lanes.dispatch(flight);
                // applies never overlap: ids are numbered, and rows read, in the order groups commit
                flight.applied.join();
                previous = flight;
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        failLateWrites();
    }

    /**
     * The next group: what is waiting, up to {@code maxWrites}. While the group before is not
     * told, only writes that may overlap it ({@link Flight#mayOverlap}) are taken, up to the first
     * that may not; a first write that may not waits for it to be told.
     */
    private List<PendingWrite<?>> take(Flight previous) throws InterruptedException {
        List<PendingWrite<?>> group = new ArrayList<>();
        PendingWrite<?> first = waiting.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return group;
        }
        if (!previous.mayOverlap(first)) {
            previous.told.join();
        }
        group.add(first);
        if (previous.told.isDone()) {
            waiting.drainTo(group, maxWrites - 1);
            return group;
        }
        // one taker: the head that peek sees is the one poll takes
        for (PendingWrite<?> next = waiting.peek(); next != null && group.size() < maxWrites
                && previous.mayOverlap(next); next = waiting.peek()) {
            group.add(waiting.poll());
        }
        return group;
    }

    /** Writes handed over while the committer stopped: their callers must not wait forever. */
    private void failLateWrites() {
        List<PendingWrite<?>> late = new ArrayList<>();
        waiting.drainTo(late);
        IllegalStateException closing = new IllegalStateException("the group committer is closed");
        late.forEach(pending -> pending.done().completeExceptionally(closing));
    }

    static void throwIfFailedBefore(PendingWrite<?> pending) {
        Throwable earlier = pending.failedBefore();
        if (earlier != null) {
            throw new IllegalStateException("not committed, since a write it must follow was not: " + earlier.getMessage(),
                    earlier);
        }
    }

    private static RuntimeException rethrowable(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }
}
