package dev.caravan.run;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where every deployed revision is kept, with its verbatim text: after a restart Caravan compiles
 * the current revisions, and the revisions pinned by unfinished runs, again from here.
 */
public interface DefinitionStore {

    /** One deployed revision, as written. */
    record StoredRevision(String workflowId, int revision, String version, String name, String sourceName,
            String sourceText, String checksum, Instant deployedAt) {
    }

    /** Saves a new revision; a revision is never changed once saved. */
    void save(StoredRevision revision);

    /** The latest revision of every workflow. */
    List<StoredRevision> latestRevisions();

    Optional<StoredRevision> find(String workflowId, int revision);

    /** Every revision of a workflow, oldest first. */
    List<StoredRevision> revisionsOf(String workflowId);
}
