package dev.caravan.run;

import dev.caravan.compile.CompiledWorkflow;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Tells the {@link WorkflowLifecycle} beans which revision of a workflow is current now, after a
 * deploy, an undeploy, a restore or catching up with another node. Called outside the workflow's
 * lock, since a listener starts routes while runs may need that lock; under a lock of its own,
 * and only when the current revision is not the one last told, so that two deploys racing each
 * other cannot leave the listeners on the older one.
 */
@Component
class RevisionAnnouncer {

    private final LoadedRevisions revisions;
    private final ObjectProvider<WorkflowLifecycle> lifecycle;
    /** The revision the listeners were last told is current, by workflow; guarded by {@link #announcing}. */
    private final Map<String, CompiledWorkflow> announced = new HashMap<>();
    private final ReentrantLock announcing = new ReentrantLock();

    RevisionAnnouncer(LoadedRevisions revisions, ObjectProvider<WorkflowLifecycle> lifecycle) {
        this.revisions = revisions;
        this.lifecycle = lifecycle;
    }

    /**
     * Tells the listeners the workflow's current revision, read under this lock, or that it has
     * none; {@code deployed} is false when the revision was loaded again at start-up.
     */
    void announce(String workflowId, boolean deployed) {
        announcing.lock();
        try {
            CompiledWorkflow now = revisions.current(workflowId).orElse(null);
            CompiledWorkflow told = announced.get(workflowId);
            if (now == told) {
                return;
            }
            if (now == null) {
                announced.remove(workflowId);
                lifecycle.orderedStream().forEach(listener -> listener.workflowRemoved(workflowId));
            } else {
                announced.put(workflowId, now);
                lifecycle.orderedStream().forEach(listener -> listener.currentRevision(now, deployed));
            }
        } finally {
            announcing.unlock();
        }
    }
}
