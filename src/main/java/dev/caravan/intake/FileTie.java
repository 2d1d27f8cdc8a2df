package dev.caravan.intake;

import dev.caravan.run.WorkflowCatalog;

/**
 * A workflow deployed from a file of the folder: the file speaks for the workflow while the
 * revision it deployed (or found unchanged) is the workflow's current one.
 *
 * @param workflowId the workflow the file declares
 * @param fileName the file's name in the folder
 * @param revision the revision the file deployed, or found already current with its text
 * @param checksum the checksum of the file's text at that time
 */
record FileTie(String workflowId, String fileName, int revision, String checksum) {

    /** The tied revision is the one new runs take: deleting the file undeploys the workflow. */
    boolean isCurrentIn(WorkflowCatalog catalog) {
        return catalog.latest(workflowId).map(current -> current.revision() == revision).orElse(false);
    }

    /** A newer revision was deployed through the API: the file no longer speaks for the workflow. */
    boolean supersededIn(WorkflowCatalog catalog) {
        return catalog.latest(workflowId).map(current -> current.revision() != revision).orElse(false);
    }
}
