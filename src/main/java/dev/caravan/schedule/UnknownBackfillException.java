package dev.caravan.schedule;

/** No backfill of that id belongs to that workflow. */
public class UnknownBackfillException extends RuntimeException {

    UnknownBackfillException(String workflowId, String backfillId) {
        super("workflow " + workflowId + " has no backfill " + backfillId);
    }
}
