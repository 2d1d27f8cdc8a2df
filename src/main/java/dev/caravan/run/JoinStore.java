package dev.caravan.run;

import java.util.Collection;

/** The joins of parallel steps as the aggregation repository keeps them (routes/joins.yaml). */
public interface JoinStore {

    /**
     * Drops joins that will never complete: those of a run that ended while some of their branches
     * had not arrived (a branch failed, the run was cancelled). Keys are {@code <runId>:<joinKey>}.
     */
    void discard(Collection<String> keys);
}
