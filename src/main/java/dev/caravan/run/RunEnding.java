package dev.caravan.run;

import dev.caravan.event.ReportedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The end of a run: its final status committed, however long the database takes to come back,
 * together with its {@code workflow.execution.completed} event, and only then reported (metrics,
 * the log line, the event's delivery).
 */
@Component
class RunEnding {

    private static final Logger LOG = LoggerFactory.getLogger(RunEnding.class);
    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long LONGEST_PAUSE_MILLIS = 2_000;

    private final RunStore store;
    private final RunLeases leases;
    private final RunEvents events;
    private final LiveRuns live;
    private final MeterRegistry meters;
    private final Clock clock;
    /** Each workflow's meters, registered at its first end, not looked up in the registry at every run's end. */
    private final java.util.Map<String, Timer> durations = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<EndKey, Counter> ends = new java.util.concurrent.ConcurrentHashMap<>();

    private record EndKey(String workflowId, RunStatus status) {
    }

    RunEnding(RunStore store, RunLeases leases, RunEvents events, LiveRuns live, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.leases = leases;
        this.events = events;
        this.live = live;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Commits a run's end, trying again while this node's leases are good. Once they are not, this
     * node could not renew them either, and the run is for another node (or this one's recovery)
     * to take up. Returns whether the end was committed.
     */
    boolean commit(RunContext run, RunStatus status, String error) {
        long pauseMillis = FIRST_PAUSE_MILLIS;
        boolean again = false;
        while (true) {
            try {
                if (again) {
                    // a step result handed over without waiting may be what failed: saved again first
                    run.settleResults();
                }
                again = true;
                RunContext.End end = new RunContext.End(status, clock.instant(), error);
                ReportedEvent event = events.ended(run.runId(), run.workflow().workflowId(), run.startTime(), end)
                        // it leaves the runs executing here as its end commits, before its event can be
                        // delivered: whoever learns of the end may retry the run at once
                        .atCommit(() -> live.ended(run, status));
                // after the results still on their way: the last step's and the end share a commit
                store.end(run.runId(), status, end.at(), error, event, run.unsettledWrites());
                run.ended(end, event);
                return true;
            } catch (RuntimeException e) {
                if (!leases.held()) {
                    LOG.error("Run {} ended {} but its end could not be written ({}), and this node's leases ran out: "
                            + "it will be taken up again", run.runId(), status.wireName(), e.getMessage());
                    return false;
                }
                LOG.warn("Run {} ended {} but its end could not be written yet, trying again in {} ms: {}",
                        run.runId(), status.wireName(), pauseMillis, e.getMessage());
                if (!pause(pauseMillis)) {
                    return false;
                }
                pauseMillis = Math.min(pauseMillis * 2, LONGEST_PAUSE_MILLIS);
            }
        }
    }

    /**
     * A run whose end is committed, as stored. A run created by this node and ended here has in
     * memory exactly what it stored (the clock has the stored times' microseconds), unless it wrote
     * rows its creation did not (iterations) or it failed and its failure hooks ran (their rows):
     * only those are read back.
     *
     * @param created the run as this node created it, or null when it was taken up from the store
     */
    RunRecord read(RunContext run, RunRecord created) {
        RunContext.End end = run.end();
        if (created == null || end == null || ranFailureHooks(run, end) || !run.touchedOnly(created.steps())) {
            return store.find(run.runId()).orElseThrow();
        }
        List<StepResult> steps = created.steps().stream().map(step -> run.result(step.key()).orElse(step)).toList();
        return new RunRecord(created.runId(), created.workflowId(), created.workflowName(), created.version(),
                created.revision(), end.status(), created.params(), created.startTime(), end.at(), end.error(), steps,
                List.of());
    }

    /** Hooks run only when a run fails (RunLauncher): a workflow's success adds no hook rows. */
    private static boolean ranFailureHooks(RunContext run, RunContext.End end) {
        return end.status() == RunStatus.FAILURE && run.workflow().hasFailureHooks();
    }

    /**
     * Reports a run that has ended: metrics and the log line, then waits until the event of its end
     * is delivered, when this node committed the end (a run whose lease ran out is another node's to end).
     */
    void report(RunRecord record, ReportedEvent endEvent) {
        Duration took = Duration.between(record.startTime(), record.endTime() == null ? clock.instant() : record.endTime());
        durations.computeIfAbsent(record.workflowId(), workflow -> Timer.builder("orchestrator.workflow.duration")
                .tag("workflow", workflow).register(meters)).record(took);
        ends.computeIfAbsent(new EndKey(record.workflowId(), record.status()), key -> Counter.builder("orchestrator.workflows")
                .tag("workflow", key.workflowId()).tag("status", key.status().wireName()).register(meters)).increment();
        LOG.info("Run {} of {} ended {} in {} ms", record.runId(), record.workflowId(), record.status().wireName(),
                took.toMillis());
        if (endEvent != null) {
            endEvent.awaitDelivery();
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
