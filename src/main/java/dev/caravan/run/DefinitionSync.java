package dev.caravan.run;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.run.DefinitionStore.StoredRevision;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Brings this node's current revisions in line with the definition store: all of them at start-up,
 * then whatever other Caravan nodes sharing the database deployed or undeployed. Each workflow is
 * changed under its own lock, and the listeners are told after it is let go ({@link RevisionAnnouncer}).
 */
@Component
class DefinitionSync {

    private static final Logger LOG = LoggerFactory.getLogger(DefinitionSync.class);

    private final DefinitionStore store;
    private final LoadedRevisions revisions;
    private final WorkflowLocks locks;
    private final RevisionRetirement retirement;
    private final RevisionAnnouncer announcer;

    DefinitionSync(DefinitionStore store, LoadedRevisions revisions, WorkflowLocks locks, RevisionRetirement retirement,
            RevisionAnnouncer announcer) {
        this.store = store;
        this.revisions = revisions;
        this.locks = locks;
        this.retirement = retirement;
        this.announcer = announcer;
    }

    /** Compiles and loads the current revision of every stored workflow: the first thing after a start. */
    void restore() {
        List<String> restored = restoreHere();
        restored.forEach(workflowId -> announcer.announce(workflowId, false));
        LOG.info("Restored {} workflows from the store", restored.size());
    }

    private List<String> restoreHere() {
        List<String> restored = new ArrayList<>();
        for (StoredRevision revision : store.latestRevisions()) {
            try {
                locks.withLock(revision.workflowId(), () -> {
                    revisions.makeCurrent(revisions.load(revision));
                    return null;
                });
                restored.add(revision.workflowId());
            } catch (RuntimeException e) {
                LOG.error("Stored workflow {} revision {} could not be loaded again: {}", revision.workflowId(),
                        revision.revision(), e.getMessage());
            }
        }
        return restored;
    }

    /**
     * Catches up with the deploys and undeploys of other Caravan nodes sharing the database: a
     * newer stored revision becomes current here, a workflow removed there is removed here; runs in
     * flight here finish on their revision. Called on a timer ({@code routes/cluster.yaml}), and
     * before each deploy here, so that its text is compared with the store's current revision.
     */
    public void syncWithStore() {
        syncHere().forEach(workflowId -> announcer.announce(workflowId, true));
    }

    /**
     * The workflows whose current revision here may differ from the store's, each then caught up
     * under its own lock, where the store is read again: a deploy or undeploy made here since the
     * first read must not be undone.
     */
    private List<String> syncHere() {
        Map<String, Integer> stored = store.currentRevisionNumbers();
        Set<String> differing = new LinkedHashSet<>();
        stored.forEach((workflowId, revision) -> {
            CompiledWorkflow here = revisions.current(workflowId).orElse(null);
            if (here == null || here.revision() < revision) {
                differing.add(workflowId);
            }
        });
        revisions.allCurrent().stream().map(CompiledWorkflow::workflowId)
                .filter(workflowId -> !stored.containsKey(workflowId)).forEach(differing::add);
        List<String> changed = new ArrayList<>();
        for (String workflowId : differing) {
            if (locks.withLock(workflowId, () -> catchUp(workflowId))) {
                changed.add(workflowId);
            }
        }
        return changed;
    }

    /** Under the workflow's lock: the store's current revision becomes current here, or none; true when that changed anything. */
    private boolean catchUp(String workflowId) {
        OptionalInt stored = store.isRemoved(workflowId) ? OptionalInt.empty() : store.lastRevision(workflowId);
        CompiledWorkflow here = revisions.current(workflowId).orElse(null);
        if (stored.isEmpty()) {
            if (here == null) {
                return false;
            }
            revisions.removeCurrent(workflowId);
            retirement.retireIfIdle(here);
            LOG.info("Workflow {} was undeployed by another node: no new run starts on it here", workflowId);
            return true;
        }
        int revision = stored.getAsInt();
        if (here != null && here.revision() >= revision) {
            return false;
        }
        try {
            revisions.makeCurrent(revisions.revision(workflowId, revision).orElseThrow());
        } catch (RuntimeException e) {
            LOG.error("Workflow {} revision {}, deployed by another node, could not be loaded here: {}",
                    workflowId, revision, e.getMessage());
            return false;
        }
        if (here != null) {
            retirement.retireIfIdle(here);
        }
        LOG.info("Workflow {} revision {}, deployed by another node, is current here too", workflowId, revision);
        return true;
    }
}
