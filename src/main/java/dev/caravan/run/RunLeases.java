package dev.caravan.run;

import java.util.List;

/**
 * Who executes which run when several Caravan nodes share one database. A node claims a run
 * before it executes it, renews the leases of all its runs together, and takes over runs whose
 * lease has run out (their node died). A node that could not renew in time stops starting steps,
 * since another node may have taken its runs.
 */
public interface RunLeases {

    /** This node's id, as written in the runs it owns. */
    String nodeId();

    /**
     * A lease for a run this node creates now: the run is written already owned, in the same
     * insert, so no other node's recovery can take it between its creation and its start.
     */
    Lease newLease();

    /** Who owns a run, and until when unless renewed. */
    record Lease(String owner, java.time.Instant until) {
    }

    /** Takes a queued or running run for this node: true when it is now this node's. */
    boolean claim(String runId);

    /**
     * The lease of a queued run held back: no node owns it, none takes it over as an orphan, and it
     * starts only when {@link #claimHeld} takes it. For runs that wait their turn (a schedule's
     * queue, a backfill), written with the run in the same insert.
     */
    Lease HELD = new Lease("(held)", null);

    /** Takes a held run for this node, once: true for the one caller that got it, false when it was not held. */
    boolean claimHeld(String runId);

    /** Extends the leases of every unfinished run this node owns (done on a timer by the store). */
    void renew();

    /** Whether this node's leases are still good, by its own clock: false once a renewal came too late. */
    boolean held();

    /** Unfinished runs whose lease has run out, or that no node owns: free to take over. */
    List<String> orphaned();

    /**
     * The unfinished runs this node id owns: at start-up, what an earlier life of this node (same
     * {@code caravan.node-id}) was executing when it stopped, which it takes back at once.
     */
    List<String> ownedHere();
}
