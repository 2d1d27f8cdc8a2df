package dev.caravan.run;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Joins of parallel branches (bean {@code caravanJoins}). A parallel step is a multicast whose
 * branches each end by arriving at the step's join: the aggregator of {@code routes/joins.yaml},
 * whose state is in Caravan's database (the JDBC aggregation repository {@code caravan_joins},
 * with recovery). The join completes when every branch has arrived, and only then does the node
 * after the multicast let the run go on.
 * <ul>
 * <li>A branch arrives after its steps' results are committed to their rows, so what the join
 *     holds never runs ahead of the rows.</li>
 * <li>After a restart the run is re-entered: the branches that had finished pass again without
 *     calling anything (their steps' results are restored) and arrive again, which the join counts
 *     once; the others run and arrive; the join completes.</li>
 * <li>A branch that fails does not arrive: the multicast ends with its failure and the join stays
 *     incomplete, to be completed if the run is retried, or dropped when the run ends.</li>
 * </ul>
 */
@Component(BranchJoins.BEAN)
public class BranchJoins {

    static final String BEAN = "caravanJoins";
    private static final Logger LOG = LoggerFactory.getLogger(BranchJoins.class);
    private static final String JOIN = "direct:caravan.joins";

    private final RouteHandOff handOff;
    private final JoinParts parts;
    private final JoinStore store;
    /** How long the node after a multicast waits for its join's completion to be handed over. */
    private static final Duration HAND_OVER_LIMIT = Duration.ofSeconds(30);

    /**
     * Joins by key, completed by the aggregator once every branch has arrived. The aggregator hands
     * a completed join over on the arriving thread but after that arrival has returned (Camel
     * queues it), so the node after the multicast may get there first and wait a moment.
     */
    private final Map<String, CompletableFuture<JoinState>> completions = new ConcurrentHashMap<>();
    /**
     * The branches of one join arrive one at a time on this node (which owns the run): concurrent
     * arrivals would only collide in the repository's optimistic locking and be retried.
     */
    private final ReentrantLock[] arrivals = new ReentrantLock[64];

    public BranchJoins(RouteHandOff handOff, JoinParts parts, JoinStore store) {
        this.handOff = handOff;
        this.parts = parts;
        this.store = store;
        for (int i = 0; i < arrivals.length; i++) {
            arrivals[i] = new ReentrantLock();
        }
    }

    /** The last node of a branch: the branch arrives at its join. */
    public void arrive(Exchange exchange, String joinId, String branch, int branches) {
        RunScope scope = StepTracker.scope(exchange);
        RunContext run = scope.run();
        JoinState arrival = JoinState.arrival(run.runId(), scope.keyOf(joinId), branches, branch);
        run.joinOpened(arrival.key());
        ReentrantLock lock = arrivals[Math.floorMod(arrival.key().hashCode(), arrivals.length)];
        lock.lock();
        try {
            handOff.send(JOIN, Map.of(JoinParts.KEY, arrival.key()), parts.write(arrival), "the join of " + joinId);
        } finally {
            lock.unlock();
        }
    }

    /** The end of a join (from {@code routes/joins.yaml}): every branch has arrived. */
    public void complete(Exchange exchange) {
        JoinState join = parts.read(exchange);
        LOG.debug("Run {}: join {} complete ({})", join.runId(), join.join(), join.arrived());
        completionOf(join.key()).complete(join);
    }

    /**
     * The node after a parallel step's multicast: the run goes on once the step's join is complete.
     * Every branch ends by arriving, so a multicast that ended without a failure has completed its
     * join; one not handed over within {@link #HAND_OVER_LIMIT} is a fault of Caravan's or of its
     * database, not of the workflow, and fails the run (which a retry re-enters).
     */
    public void joined(Exchange exchange, String joinId) {
        RunScope scope = StepTracker.scope(exchange);
        RunContext run = scope.run();
        String key = run.runId() + ":" + scope.keyOf(joinId);
        try {
            completionOf(key).get(HAND_OVER_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunAbortedException("interrupted at the join of " + scope.keyOf(joinId));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("run " + run.runId() + ": every branch of parallel step "
                    + scope.keyOf(joinId) + " arrived, but its join was not completed within " + HAND_OVER_LIMIT.toSeconds()
                    + " s", e);
        } finally {
            completions.remove(key);
        }
        run.joinClosed(key);
    }

    private CompletableFuture<JoinState> completionOf(String key) {
        return completions.computeIfAbsent(key, k -> new CompletableFuture<>());
    }

    /** At a run's end: its joins that will not complete now are dropped from the repository. */
    void discardOpen(RunContext run) {
        var open = run.openJoins();
        if (!open.isEmpty()) {
            open.forEach(completions::remove);
            try {
                store.discard(open);
                LOG.debug("Run {} ended with joins {} incomplete: dropped", run.runId(), open);
            } catch (RuntimeException e) {
                // the run's end is committed and reported regardless; what is left is never completed
                LOG.warn("Run {} ended with joins {} incomplete, which could not be dropped: {}",
                        run.runId(), open, e.getMessage());
            }
        }
    }
}
