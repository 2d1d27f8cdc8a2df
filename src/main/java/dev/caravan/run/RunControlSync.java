package dev.caravan.run;

import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies the stored control requests to the runs executing on this node: at once for a request
 * made through this node's API, and on a timer ({@code routes/cluster.yaml}) for one made through
 * another node's. The store is the truth; this only brings the runs in memory in line with it,
 * under one lock, so that a poll that read the store just before a resume cannot pause the run
 * again after it.
 */
@Component
public class RunControlSync {

    private static final Logger LOG = LoggerFactory.getLogger(RunControlSync.class);

    private final RunControls controls;
    private final LiveRuns live;
    private final RunLeases leases;
    private final ReentrantLock applying = new ReentrantLock();

    public RunControlSync(RunControls controls, LiveRuns live, RunLeases leases) {
        this.controls = controls;
        this.live = live;
        this.leases = leases;
    }

    /** Brings every run executing here in line with the requests stored for this node's runs. */
    public void applyRequested() {
        applying.lock();
        try {
            Map<String, ControlRequest> requested = controls.requestedOf(leases.nodeId());
            for (RunContext run : live.all()) {
                follow(run, requested.get(run.runId()));
            }
        } finally {
            applying.unlock();
        }
    }

    /** Brings one run in line with its stored request, when it executes here. */
    void apply(String runId) {
        applying.lock();
        try {
            live.find(runId).ifPresent(run -> follow(run, controls.of(runId).orElse(null)));
        } finally {
            applying.unlock();
        }
    }

    private static void follow(RunContext run, ControlRequest request) {
        if (run.follow(request)) {
            LOG.info("Run {} {}", run.runId(), request == null ? "resumed"
                    : request == ControlRequest.PAUSE ? "paused: no new step starts until it is resumed"
                    : "cancelled: no new step starts");
        }
    }
}
