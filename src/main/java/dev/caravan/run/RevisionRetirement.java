package dev.caravan.run;

import dev.caravan.compile.CompiledWorkflow;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Counts the runs in flight on each revision, and takes a revision's routes out of Camel once it
 * is no longer current and its last run has ended. Most runs end on the current revision, which
 * is decided without the workflow's lock; whatever makes another revision current (a deploy, an
 * undeploy, catching up with another node) looks at the count of runs after it has swapped, so
 * one of the two retires the revision.
 */
@Component
class RevisionRetirement {

    private final LoadedRevisions revisions;
    private final WorkflowLocks locks;
    /** Runs in flight by revision ({@code RouteNames.base()}). */
    private final Map<String, AtomicInteger> activeRuns = new ConcurrentHashMap<>();

    RevisionRetirement(LoadedRevisions revisions, WorkflowLocks locks) {
        this.revisions = revisions;
        this.locks = locks;
    }

    /** A run starts on a revision: its routes stay until the run ends. */
    void runStarted(CompiledWorkflow workflow) {
        activeRuns.computeIfAbsent(workflow.names().base(), key -> new AtomicInteger()).incrementAndGet();
    }

    /** A run ended: its revision goes if it is no longer current and this was its last run. */
    void runEnded(CompiledWorkflow workflow) {
        activeRuns.computeIfAbsent(workflow.names().base(), key -> new AtomicInteger()).decrementAndGet();
        if (mayRetire(workflow)) {
            retireIfIdle(workflow);
        }
    }

    /** Removes a revision's routes when it is not the current one and no run of it is in flight. */
    void retireIfIdle(CompiledWorkflow workflow) {
        locks.withLock(workflow.workflowId(), () -> {
            if (mayRetire(workflow)) {
                revisions.unload(workflow);
            }
            return null;
        });
    }

    private boolean mayRetire(CompiledWorkflow workflow) {
        boolean isCurrent = revisions.current(workflow.workflowId())
                .map(current -> current.revision() == workflow.revision()).orElse(false);
        AtomicInteger active = activeRuns.get(workflow.names().base());
        return !isCurrent && (active == null || active.get() <= 0);
    }
}
