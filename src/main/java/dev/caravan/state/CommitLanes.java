package dev.caravan.state;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The threads that apply and commit the {@link GroupCommitter}'s groups, each in a transaction on
 * a connection of its own. With two lanes, a group is applied while the one before it commits;
 * the rules that keep this safe are the committer's ("two groups at once"). A lane:
 * <ol>
 * <li>applies its group, and says so (the next group may be applied now);</li>
 * <li>waits for the group before it to be committed, and commits, unless that group's final apply
 *     ended after its own began: then its apply is rolled back and done again;</li>
 * <li>waits for the group before it to have told its callers, and tells its own.</li>
 * </ol>
 * A group whose apply or commit fails is rolled back and its writes committed again one by one,
 * once the group before it is told, so that a failing write fails only its own caller.
 */
final class CommitLanes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommitLanes.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final PlatformTransactionManager manager;
    private final ExecutorService[] lanes;
    /** Orders the starts and ends of applies across lanes. */
    private final AtomicLong ticks = new AtomicLong();
    private final DistributionSummary writesPerCommit;
    private final DistributionSummary batchesPerCommit;
    private final Timer commitTime;
    private final Counter overlapped;
    private final Counter appliedAgain;
    private long dispatched;

    CommitLanes(JdbcTemplate jdbc, TransactionTemplate transactions, int lanes, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.manager = transactions.getTransactionManager();
        // one lane: the dispatching thread is the lane (see dispatch)
        this.lanes = new ExecutorService[lanes == 1 ? 0 : lanes];
        for (int lane = 0; lane < this.lanes.length; lane++) {
            // platform threads: each holds a pooled connection for the length of its group anyway
            this.lanes[lane] = Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().name("caravan-group-commit-" + (lane + 1)).daemon().factory());
        }
        this.writesPerCommit = DistributionSummary.builder("caravan.state.commit.writes")
                .description("writes committed together in one transaction").register(meters);
        this.batchesPerCommit = DistributionSummary.builder("caravan.state.commit.batches")
                .description("statements or JDBC batches sent to the database in one transaction").register(meters);
        this.commitTime = Timer.builder("caravan.state.commit")
                .description("time from a group's first statement to its commit").register(meters);
        this.overlapped = Counter.builder("caravan.state.commit.overlapped")
                .description("groups applied while the group before them was committing").register(meters);
        this.appliedAgain = Counter.builder("caravan.state.commit.applied.again")
                .description("groups rolled back and applied again because the group before them was").register(meters);
    }

    int size() {
        return Math.max(1, lanes.length);
    }

    /**
     * Hands the flight to the next lane in turn; lanes take flights in the order dispatched. With
     * one lane the caller flies it itself: a hand-over to a thread and back is two wake-ups a group,
     * which a machine short of CPU feels.
     */
    void dispatch(Flight flight) {
        if (lanes.length == 0) {
            fly(flight);
            return;
        }
        lanes[(int) (dispatched++ % lanes.length)].execute(() -> fly(flight));
    }

    private void fly(Flight flight) {
        try {
            if (flight.writes().stream().anyMatch(pending -> pending.failedBefore() != null)) {
                // rare: write by write, so that such a write fails in its place and the futures still complete in order
                flight.applied.complete(null);
                commitOneByOne(flight);
            } else {
                applyAndCommit(flight);
            }
        } catch (RuntimeException | Error unexpected) {
            // a lane that stopped would hold every caller forever: fail this group, go on
            LOG.error("The group committer failed a group of {} writes", flight.writes().size(), unexpected);
            flight.writes().forEach(pending -> pending.done().completeExceptionally(unexpected));
            flight.applied.complete(null);
            flight.committed.complete(Long.MAX_VALUE);
            flight.told.complete(null);
        }
    }

    private void applyAndCommit(Flight flight) {
        long start = System.nanoTime();
        TransactionStatus transaction = manager.getTransaction(transactions);
        flight.applyStarted(ticks.incrementAndGet());
        GroupBatches.Applied applied;
        try {
            applied = GroupBatches.apply(flight.writes(), jdbc);
        } catch (RuntimeException groupFailed) {
            // one write failed and took the transaction with it: the others are not to blame
            manager.rollback(transaction);
            flight.applied.complete(null);
            commitOneByOne(flight);
            return;
        }
        long applyEnd = ticks.incrementAndGet();
        flight.applied.complete(null);
        if (!flight.previous().committed.isDone()) {
            overlapped.increment();
        }
        if (flight.previous().committed.join() > flight.applyStart()) {
            // the group before was applied again after this one began: this one's ids would not follow it
            appliedAgain.increment();
            manager.rollback(transaction);
            commitAgainAsGroup(flight);
            return;
        }
        try {
            manager.commit(transaction);
        } catch (RuntimeException commitFailed) {
            commitOneByOne(flight);
            return;
        }
        flight.committed.complete(applyEnd);
        record(flight, applied.batches(), start);
        tell(flight, applied.completions());
    }

    /** The group again, in a transaction of its own once the one before is told; write by write if it fails. */
    private void commitAgainAsGroup(Flight flight) {
        flight.previous().told.join();
        long start = System.nanoTime();
        GroupBatches.Applied applied;
        try {
            applied = transactions.execute(status -> GroupBatches.apply(flight.writes(), jdbc));
        } catch (RuntimeException groupFailed) {
            commitOneByOne(flight);
            return;
        }
        flight.committed.complete(ticks.incrementAndGet());
        record(flight, applied.batches(), start);
        tell(flight, applied.completions());
    }

    /** Each write in a transaction of its own, in order, once the group before is told. */
    private void commitOneByOne(Flight flight) {
        flight.previous().told.join();
        for (PendingWrite<?> pending : flight.writes()) {
            commitAlone(pending);
        }
        flight.committed.complete(ticks.incrementAndGet());
        flight.told.complete(null);
        flight.forgetPrevious();
    }

    private void commitAlone(PendingWrite<?> pending) {
        Runnable completion;
        try {
            GroupCommitter.throwIfFailedBefore(pending);
            completion = transactions.execute(status -> pending.runIn(jdbc));
        } catch (RuntimeException failed) {
            pending.done().completeExceptionally(failed);
            return;
        }
        writesPerCommit.record(1);
        completion.run();
    }

    private void record(Flight flight, int batches, long start) {
        commitTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        writesPerCommit.record(flight.writes().size());
        batchesPerCommit.record(batches);
    }

    /** In the order the writes were handed over, after the callers of the group before. */
    private static void tell(Flight flight, Runnable[] completions) {
        flight.previous().told.join();
        for (Runnable completion : completions) {
            completion.run();
        }
        flight.told.complete(null);
        flight.forgetPrevious();
    }

    /** Lets the lanes finish the flights they were given. */
    @Override
    public void close() throws InterruptedException {
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        for (ExecutorService lane : lanes) {
            if (!lane.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("A group commit lane did not finish within 30 s");
            }
        }
    }
}
