package dev.caravan.run;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps runs owned: takes over the runs no node holds any more (their
 * node died, or Caravan was stopped while they were in flight). A run taken over is re-entered on
 * the revision it pinned, skipping the steps that succeeded and calling again, with the same
 * Idempotency-Key, a step that was running. It runs once at start-up, then every third of a lease.
 */
@Component
public class RunRecovery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);

    private final RunStore store;
    private final RunLauncher launcher;
    private final LiveRuns live;
    private final RunLeases leases;
    private final Duration lease;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("caravan-run-leases").daemon().factory());

    public RunRecovery(RunStore store, RunLauncher launcher, LiveRuns live, RunLeases leases,
            @Value("${caravan.runs.lease:15s}") Duration lease) {
        this.store = store;
        this.launcher = launcher;
        this.live = live;
        this.leases = leases;
        this.lease = lease;
    }

    /** Takes over what is orphaned now, then keeps leases renewed and orphans taken, in the background. */
    public void start() {
        // runs this node id held in an earlier life: nobody else may take them before the lease
        // runs out, and this node's renewals would keep them from ever running out
        takeOver(leases.ownedHere());
        takeOverOrphans();
        long period = Math.max(200, lease.toMillis() / 3);
        timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
        LOG.info("Node {} holds its runs through leases of {}s", leases.nodeId(), lease.toSeconds());
    }

    private void tick() {
        try {
            takeOverOrphans();
        } catch (RuntimeException e) {
            // the database may be away for a moment: the next tick tries again
            LOG.warn("Could not look for orphaned runs: {}", e.getMessage());
        }
    }

    void takeOverOrphans() {
        takeUpAbandoned();
        takeOver(leases.orphaned());
    }

    /**
     * Re-enters the runs whose end this node could not write (the database was away): this node's
     * lease renewals keep other nodes from them, so this node takes them up itself, as after a crash.
     */
    private void takeUpAbandoned() {
        for (String runId : live.abandoned()) {
            try {
                launcher.reenter(runId);
                LOG.info("Run {}, whose end could not be written, is taken up again", runId);
            } catch (RunConflictException endedOrTakenElsewhere) {
                live.forgetAbandoned(runId);
            } catch (RuntimeException stillAway) {
                LOG.debug("Run {} cannot be taken up again yet: {}", runId, stillAway.getMessage());
            }
        }
    }

    private void takeOver(java.util.List<String> runIds) {
        int resumed = 0;
        for (String runId : runIds) {
            if (live.contains(runId)) {
                continue;
            }
            try {
                launcher.reenter(runId);
                resumed++;
            } catch (RunConflictException takenElsewhere) {
                LOG.debug("Run {} was taken by another node first", runId);
            } catch (RuntimeException e) {
                String reason = "could not be resumed: " + e.getMessage();
                LOG.error("Run {} {}", runId, reason);
                failUnresumable(runId, reason);
            }
        }
        if (resumed > 0) {
            LOG.info("Resumed {} runs that no node held any more", resumed);
        }
    }

    /** Ends a run that cannot be resumed as failed; one whose end cannot be written is tried again later. */
    private void failUnresumable(String runId, String reason) {
        try {
            store.find(runId).filter(run -> !run.status().isTerminal())
                    .ifPresent(run -> launcher.endUnstarted(run, RunStatus.FAILURE, reason));
        } catch (RuntimeException e) {
            LOG.warn("Run {} could not be ended as failed: {}", runId, e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
