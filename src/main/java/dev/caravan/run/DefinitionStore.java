package dev.caravan.run;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where every deployed revision is kept, with its verbatim text: after a restart Caravan compiles
 * the current revisions, and the revisions pinned by unfinished runs, again from here. An undeploy
 * is recorded here too, so that a restart does not bring the workflow back.
 */
public interface DefinitionStore {

    /** One deployed revision, as written. */
    record StoredRevision(String workflowId, int revision, String version, String name, String sourceName,
            String sourceText, String checksum, Instant deployedAt) {
    }

    /**
     * Saves a new revision, with the {@code workflow.deployed} event that reports it in the same
     * commit; a revision is never changed once saved. The caller releases the event.
     *
     * @throws org.springframework.dao.DuplicateKeyException when that revision number is taken
     */
    void save(StoredRevision revision, dev.caravan.event.ReportedEvent deployed);

    /** The latest revision of every deployed workflow: one whose latest revision was removed is left out. */
    List<StoredRevision> latestRevisions();

    /**
     * The latest revision number of every deployed workflow, by workflow id: what each node
     * compares with its own to catch up with deploys made by others.
     */
    java.util.Map<String, Integer> currentRevisionNumbers();

    Optional<StoredRevision> find(String workflowId, int revision);

    /** Every revision of a workflow, oldest first. */
    List<StoredRevision> revisionsOf(String workflowId);

    /** The highest revision number ever stored for the workflow, removed or not: numbers are never reused. */
    OptionalInt lastRevision(String workflowId);

    /**
     * Records that the workflow was undeployed while {@code revision} was its current one, with the
     * {@code workflow.undeployed} event in the same commit. The caller releases the event.
     */
    void markRemoved(String workflowId, int revision, Instant removedAt, dev.caravan.event.ReportedEvent undeployed);

    /** Whether the workflow's latest stored revision was removed: it stays undeployed until a newer one is saved. */
    boolean isRemoved(String workflowId);
}
