package dev.caravan.schedule;

import dev.caravan.event.ReportedEvent;
import dev.caravan.state.JdbcEventStore;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code schedules} and {@code schedule_fires} tables. A fire's decision is taken inside a
 * transaction that first {@link #lock locks} its workflow's row, so that fires of one workflow,
 * on any node, are decided one after another.
 */
@Component
class ScheduleStore {

    /** What a fire did. A queued fire becomes started when its run is let go. */
    enum Outcome { STARTED, QUEUED, SKIPPED }

    private final JdbcTemplate jdbc;
    private final JdbcEventStore events;

    ScheduleStore(JdbcTemplate jdbc, JdbcEventStore events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Adds the workflow's row if it has none: the workflow is scheduled from {@code now} on. */
    void register(String workflowId, Instant now) {
        try {
            jdbc.update("""
                    INSERT INTO schedules (workflow_id, scheduled_since)
                    SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM schedules WHERE workflow_id = ?)""",
                    workflowId, Timestamp.from(now), workflowId);
        } catch (DuplicateKeyException anotherNodeWasFirst) {
            // the row is there, which is all that was wanted
        }
    }

    void unregister(String workflowId) {
        jdbc.update("DELETE FROM schedules WHERE workflow_id = ?", workflowId);
    }

    /** Locks the workflow's row until the transaction ends; false when the workflow is not scheduled. */
    boolean lock(String workflowId) {
        return !jdbc.queryForList("SELECT workflow_id FROM schedules WHERE workflow_id = ? FOR UPDATE", String.class,
                workflowId).isEmpty();
    }

    Optional<Instant> scheduledSince(String workflowId) {
        return jdbc.queryForList("SELECT scheduled_since FROM schedules WHERE workflow_id = ?", Timestamp.class, workflowId)
                .stream().findFirst().map(Timestamp::toInstant);
    }

    Optional<Instant> lastFire(String workflowId) {
        return Optional.ofNullable(jdbc.queryForObject("SELECT MAX(fire_time) FROM schedule_fires WHERE workflow_id = ?",
                Timestamp.class, workflowId)).map(Timestamp::toInstant);
    }

    boolean fireRecorded(String workflowId, Instant fireTime) {
        Integer found = jdbc.queryForObject("SELECT COUNT(*) FROM schedule_fires WHERE workflow_id = ? AND fire_time = ?",
                Integer.class, workflowId, Timestamp.from(fireTime));
        return found != null && found > 0;
    }

    void recordFire(String workflowId, Instant fireTime, Outcome outcome, String runId, String nodeId) {
        jdbc.update(INSERT_FIRE, workflowId, Timestamp.from(fireTime), outcome.name(), runId, nodeId);
    }

    private static final String INSERT_FIRE =
            "INSERT INTO schedule_fires (workflow_id, fire_time, outcome, run_id, node_id) VALUES (?, ?, ?, ?, ?)";

    /**
     * Records a skipped fire with the event that reports it, in one commit.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the fire is recorded already (by
     *         another node): nothing is committed then
     */
    void recordSkippedFire(String workflowId, Instant fireTime, String nodeId, ReportedEvent skipped) {
        events.commitReported(tx -> tx.update(INSERT_FIRE, workflowId, Timestamp.from(fireTime), Outcome.SKIPPED.name(),
                null, nodeId), rows -> true, skipped);
    }

    /** Scheduled runs let go (started) that have not ended: they count against the concurrency limit. */
    int going(String workflowId) {
        Integer going = jdbc.queryForObject("""
                SELECT COUNT(*) FROM schedule_fires f JOIN runs r ON r.run_id = f.run_id
                 WHERE f.workflow_id = ? AND f.outcome = 'STARTED' AND r.status IN ('QUEUED', 'RUNNING')""",
                Integer.class, workflowId);
        return going == null ? 0 : going;
    }

    /** Runs of queued fires still waiting for their turn, oldest fire first. */
    List<String> waiting(String workflowId) {
        return jdbc.queryForList("""
                SELECT f.run_id FROM schedule_fires f JOIN runs r ON r.run_id = f.run_id
                 WHERE f.workflow_id = ? AND f.outcome = 'QUEUED' AND r.status = 'QUEUED'
                 ORDER BY f.fire_time""", String.class, workflowId);
    }

    /**
     * Runs let go but still queued: normally for a moment, until the node that let them go starts
     * them; for longer when that node died in between, and then another node starts them.
     */
    List<String> letGoButQueued(String workflowId) {
        return jdbc.queryForList("""
                SELECT f.run_id FROM schedule_fires f JOIN runs r ON r.run_id = f.run_id
                 WHERE f.workflow_id = ? AND f.outcome = 'STARTED' AND r.status = 'QUEUED'""", String.class, workflowId);
    }

    void letGo(String runId) {
        jdbc.update("UPDATE schedule_fires SET outcome = 'STARTED' WHERE run_id = ?", runId);
    }

    /** The workflows that have a schedule row: scheduled on some node. */
    List<String> scheduledWorkflows() {
        return jdbc.queryForList("SELECT workflow_id FROM schedules ORDER BY workflow_id", String.class);
    }
}
