package dev.caravan.state;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits the writes of many callers together (group commit). A commit costs a disk flush (about
 * 2 ms on the machines Caravan was measured on), far more than the statements it makes durable;
 * concurrent runs that each committed their own step paid one flush each. Here callers hand over
 * a write and wait; one committer thread takes whatever writes are waiting (up to
 * {@code maxWrites}), runs them in one transaction, commits once, and releases all their callers.
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
 * <p>A write runs on the committer's thread, inside the group's transaction, through the
 * {@link JdbcTemplate} it is given; it must touch nothing but the database, since it may run twice
 * (once in its group, rolled back, and again on its own).
 */
public final class GroupCommitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final int maxWrites;
    private final BlockingQueue<PendingWrite<?>> waiting;
    private final DistributionSummary writesPerCommit;
    private final DistributionSummary batchesPerCommit;
    private final Timer commitTime;
    private final Thread committer;
    private volatile boolean closed;

    /**
     * @param maxWrites the most writes committed in one transaction
     * @param maxWaiting the most writes waiting for the committer before callers are held back
     */
    public GroupCommitter(JdbcTemplate jdbc, TransactionTemplate transactions, int maxWrites, int maxWaiting,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.maxWrites = maxWrites;
        this.waiting = new ArrayBlockingQueue<>(maxWaiting);
        this.writesPerCommit = DistributionSummary.builder("caravan.state.commit.writes")
                .description("writes committed together in one transaction").register(meters);
        this.batchesPerCommit = DistributionSummary.builder("caravan.state.commit.batches")
                .description("statements or JDBC batches sent to the database in one transaction").register(meters);
        this.commitTime = Timer.builder("caravan.state.commit")
                .description("time from a group's first statement to its commit").register(meters);
        meters.gauge("caravan.state.commit.waiting", waiting, BlockingQueue::size);
        // a platform thread: it holds a pooled connection for the length of each group anyway
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
     * chains to the write's future runs in the order the writes were handed over, on the
     * committer's thread. A chain made after {@code submit} returned may find the write already
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
    }

    private void commitLoop() {
        List<PendingWrite<?>> group = new ArrayList<>();
        while (!closed || !waiting.isEmpty()) {
            try {
                PendingWrite<?> first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                waiting.drainTo(group, maxWrites - 1);
                commitGroup(group);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error unexpected) {
                // a committer that stopped would hold every caller forever: fail this group, go on
                group.forEach(pending -> pending.done().completeExceptionally(unexpected));
                LOG.error("The group committer failed a group of {} writes", group.size(), unexpected);
            } finally {
                group.clear();
            }
        }
        failLateWrites();
    }

    /** Writes handed over while the committer stopped: their callers must not wait forever. */
    private void failLateWrites() {
        List<PendingWrite<?>> late = new ArrayList<>();
        waiting.drainTo(late);
        IllegalStateException closing = new IllegalStateException("the group committer is closed");
        late.forEach(pending -> pending.done().completeExceptionally(closing));
    }

    private void commitGroup(List<PendingWrite<?>> group) {
        if (group.stream().anyMatch(pending -> pending.failedBefore() != null)) {
            // rare: write by write, so that such a write fails in its place and the futures still complete in order
            group.forEach(this::commitAlone);
            return;
        }
        GroupBatches.Applied applied;
        long start = System.nanoTime();
        try {
            applied = transactions.execute(status -> GroupBatches.apply(group, jdbc));
        } catch (RuntimeException groupFailed) {
            // one write failed and took the transaction with it: the others are not to blame
            group.forEach(this::commitAlone);
            return;
        }
        commitTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        writesPerCommit.record(group.size());
        batchesPerCommit.record(applied.batches());
        // in the order the writes were handed over, whatever order they were applied in
        for (Runnable completion : applied.completions()) {
            completion.run();
        }
    }

    private void commitAlone(PendingWrite<?> pending) {
        Runnable completion;
        try {
            throwIfFailedBefore(pending);
            completion = transactions.execute(status -> pending.runIn(jdbc));
        } catch (RuntimeException failed) {
            pending.done().completeExceptionally(failed);
            return;
        }
        writesPerCommit.record(1);
        completion.run();
    }

    private static void throwIfFailedBefore(PendingWrite<?> pending) {
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
