package dev.caravan.run;

import dev.caravan.compile.CompiledWorkflow;

/**
 * What else must follow a workflow's deployments: its schedule, its trigger routes. Spring beans
 * that implement this are told by {@link WorkflowCatalog}, after the revision's routes are loaded.
 */
public interface WorkflowLifecycle {

    /**
     * A workflow has a current revision: a new one was deployed ({@code deployed} true) or the
     * stored one was loaded again at start-up ({@code deployed} false).
     */
    default void currentRevision(CompiledWorkflow workflow, boolean deployed) {
    }

    /** A workflow was undeployed: no new run may start on it; runs in flight finish on their revision. */
    default void workflowRemoved(String workflowId) {
    }
}
