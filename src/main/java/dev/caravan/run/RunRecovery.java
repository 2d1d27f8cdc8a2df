package dev.caravan.run;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * At start-up, resumes every run that had not ended when Caravan stopped: on the revision it
 * pinned, skipping the steps that succeeded, calling again (with the same Idempotency-Key) a step
 * that was running.
 */
@Component
public class RunRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);

    private final RunStore store;
    private final RunLauncher launcher;
    private final Clock clock;

    public RunRecovery(RunStore store, RunLauncher launcher, Clock clock) {
        this.store = store;
        this.launcher = launcher;
        this.clock = clock;
    }

    public void resumeUnfinished() {
        int resumed = 0;
        for (RunRecord run : store.unfinished()) {
            try {
                launcher.reenter(run.runId());
                resumed++;
            } catch (RuntimeException e) {
                String reason = "could not be resumed after a restart: " + e.getMessage();
                LOG.error("Run {} of {} {}", run.runId(), run.workflowId(), reason);
                store.updateStatus(run.runId(), RunStatus.FAILURE, clock.instant(), reason);
            }
        }
        if (resumed > 0) {
            LOG.info("Resumed {} runs that were in flight when Caravan stopped", resumed);
        }
    }
}
