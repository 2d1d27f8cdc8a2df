package dev.caravan.schedule;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.definition.ScheduleDefinition;
import dev.caravan.run.Instants;
import dev.caravan.run.InvalidRequestException;
import dev.caravan.run.RunConflictException;
import dev.caravan.run.RunLauncher;
import dev.caravan.run.UnknownWorkflowException;
import dev.caravan.run.WorkflowCatalog;
import dev.caravan.run.WorkflowOrchestrator;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Backfills: one run of a scheduled workflow per fire time of its schedule in a range, each with the
 * fire's {@code scheduled_time} in its params, at most {@code max_parallel} going at once, and
 * cancellable as a group. The runs are stored at once, queued and held; pacing lets the next ones go
 * under the backfill's row lock, so two nodes pacing together never exceed the limit.
 */
@Service
public class Backfills {

    /** The most fire times one backfill may have. */
    public static final int MAX_FIRE_TIMES = 1000;
    /** The most runs of one backfill going at once. */
    public static final int MAX_PARALLEL = 50;

    private static final Logger LOG = LoggerFactory.getLogger(Backfills.class);

    private final WorkflowCatalog catalog;
    private final RunLauncher launcher;
    private final WorkflowOrchestrator orchestrator;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Backfills(WorkflowCatalog catalog, RunLauncher launcher, WorkflowOrchestrator orchestrator, JdbcTemplate jdbc,
            TransactionTemplate transactions, Clock clock) {
        this.catalog = catalog;
        this.launcher = launcher;
        this.orchestrator = orchestrator;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A backfill as it stands: its range and how many of its runs are in each status. */
    public record Progress(String backfillId, String workflow, Instant from, Instant to, int maxParallel,
            int fireTimes, boolean cancelled, Map<String, Integer> runs) {
    }

    /**
     * Stores one queued run per fire time of the workflow's schedule in [from, to] and starts the
     * first {@code maxParallel}.
     *
     * @throws UnknownWorkflowException when the workflow is not deployed
     * @throws RunConflictException when it has no schedule
     * @throws InvalidRequestException when the range or max_parallel is out of bounds (the range
     *                                 within the years Quartz computes, see FireTimes), or the range
     *                                 has no fire time or more than {@link #MAX_FIRE_TIMES}
     */
    public Progress start(String workflowId, Instant from, Instant to, int maxParallel) {
        CompiledWorkflow workflow = catalog.latest(workflowId).orElseThrow(() -> new UnknownWorkflowException(workflowId, null));
        ScheduleDefinition schedule = workflow.definition().schedule();
        if (schedule == null) {
            throw new RunConflictException("workflow " + workflowId + " has no schedule: to backfill; a backfill runs "
                    + "it once per fire time of its schedule");
        }
        requireSupported("from", from);
        requireSupported("to", to);
        if (!from.isBefore(to)) {
            throw new InvalidRequestException("from must be before to, and " + from + " is not before " + to);
        }
        FireTimes.checkComputable(schedule.timezone(), from, to);
        FireTimes.checkComputable(schedule.timezone(), from, to);
        if (maxParallel < 1 || maxParallel > MAX_PARALLEL) {
            throw new InvalidRequestException("max_parallel must be from 1 to " + MAX_PARALLEL + ", not " + maxParallel);
        }
        List<Instant> fireTimes = fireTimes(schedule, from, to);
        String backfillId = UUID.randomUUID().toString();
        transactions.executeWithoutResult(status -> {
            jdbc.update("""
                    INSERT INTO backfills (backfill_id, workflow_id, from_time, to_time, max_parallel, created_at, cancelled)
                    VALUES (?, ?, ?, ?, ?, ?, FALSE)""", backfillId, workflowId, Timestamp.from(from), Timestamp.from(to),
                    maxParallel, Timestamp.from(clock.instant()));
            for (Instant fireTime : fireTimes) {
                String runId = launcher.create(workflow, ScheduledRuns.params(fireTime));
                jdbc.update("INSERT INTO backfill_runs (backfill_id, fire_time, run_id, started) VALUES (?, ?, ?, FALSE)",
                        backfillId, Timestamp.from(fireTime), runId);
            }
        });
        LOG.info("Backfill {} of {}: {} runs for the fire times from {} to {}, {} at a time", backfillId, workflowId,
                fireTimes.size(), from, to, maxParallel);
        pace(backfillId, maxParallel);
        return progress(workflowId, backfillId);
    }

    private static void requireSupported(String field, Instant instant) {
        if (!Instants.supported(instant)) {
            throw new InvalidRequestException(field + " must be " + Instants.range() + ", not " + instant);
        }
    }

    private static List<Instant> fireTimes(ScheduleDefinition schedule, Instant from, Instant to) {
        List<Instant> fireTimes = new ArrayList<>();
        // from itself is in the range: the fire times after a moment before it
        for (Instant fireTime : new FireTimes(schedule.quartzCron(), schedule.timezone(), from.minusMillis(1), to)) {
            if (fireTimes.size() == MAX_FIRE_TIMES) {
                throw new InvalidRequestException("the range has more than " + MAX_FIRE_TIMES + " fire times of "
                        + schedule.cron() + "; backfill it in parts");
            }
            fireTimes.add(fireTime);
        }
        if (fireTimes.isEmpty()) {
            throw new InvalidRequestException("the schedule " + schedule.cron() + " has no fire time from " + from + " to " + to);
        }
        return fireTimes;
    }

    /** @throws UnknownWorkflowException when the workflow has no such backfill */
    public Progress progress(String workflowId, String backfillId) {
        List<Progress> found = jdbc.query("""
                SELECT b.*, (SELECT COUNT(*) FROM backfill_runs r WHERE r.backfill_id = b.backfill_id) AS fire_times
                  FROM backfills b WHERE b.backfill_id = ? AND b.workflow_id = ?""",
                (row, index) -> new Progress(row.getString("backfill_id"), row.getString("workflow_id"),
                        row.getTimestamp("from_time").toInstant(), row.getTimestamp("to_time").toInstant(),
                        row.getInt("max_parallel"), row.getInt("fire_times"), row.getBoolean("cancelled"),
                        runCounts(row.getString("backfill_id"))), backfillId, workflowId);
        return found.stream().findFirst().orElseThrow(() -> new UnknownBackfillException(workflowId, backfillId));
    }

    private Map<String, Integer> runCounts(String backfillId) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbc.query("""
                SELECT r.status, COUNT(*) AS runs FROM backfill_runs b JOIN runs r ON r.run_id = b.run_id
                 WHERE b.backfill_id = ? GROUP BY r.status ORDER BY r.status""",
                row -> {
                    counts.put(row.getString("status").toLowerCase(Locale.ROOT), row.getInt("runs"));
                }, backfillId);
        return counts;
    }

    /**
     * Cancels a backfill: its queued runs end cancelled without starting, its running runs are
     * cancelled as a cancel through the API would, on whichever node executes them.
     */
    public Progress cancel(String workflowId, String backfillId) {
        progress(workflowId, backfillId);
        List<String> runIds = transactions.execute(status -> {
            jdbc.update("UPDATE backfills SET cancelled = TRUE WHERE backfill_id = ?", backfillId);
            return jdbc.queryForList("SELECT run_id FROM backfill_runs WHERE backfill_id = ? ORDER BY fire_time",
                    String.class, backfillId);
        });
        for (String runId : runIds) {
            if (!launcher.cancelQueued(runId, "cancelled with its backfill " + backfillId)) {
                try {
                    orchestrator.requestCancel(runId);
                } catch (RunConflictException endedMeanwhile) {
                    // it ended on its own: nothing to cancel
                }
            }
        }
        LOG.info("Backfill {} of {} cancelled", backfillId, workflowId);
        return progress(workflowId, backfillId);
    }

    /**
     * A workflow lost its schedule (undeployed, or a revision without one): its backfills are
     * cancelled, their queued runs with them; runs already going finish.
     */
    void cancelQueuedOf(String workflowId) {
        List<String> queued = transactions.execute(status -> {
            jdbc.update("UPDATE backfills SET cancelled = TRUE WHERE workflow_id = ? AND cancelled = FALSE", workflowId);
            return jdbc.queryForList("""
                    SELECT r.run_id FROM backfills b JOIN backfill_runs r ON r.backfill_id = b.backfill_id
                      JOIN runs x ON x.run_id = r.run_id
                     WHERE b.workflow_id = ? AND x.status = 'QUEUED'""", String.class, workflowId);
        });
        queued.forEach(runId -> launcher.cancelQueued(runId, "cancelled before its turn: the workflow's schedule was removed"));
    }

    /** Lets the next runs of every unfinished backfill of a workflow go. */
    void pace(String workflowId) {
        jdbc.query("SELECT backfill_id, max_parallel FROM backfills WHERE workflow_id = ? AND cancelled = FALSE",
                row -> {
                    pace(row.getString("backfill_id"), row.getInt("max_parallel"));
                }, workflowId);
    }

    /** Lets the next runs of every unfinished backfill go. */
    void paceAll() {
        List<Map<String, Object>> open = jdbc.queryForList("""
                SELECT DISTINCT b.backfill_id, b.max_parallel FROM backfills b
                  JOIN backfill_runs r ON r.backfill_id = b.backfill_id
                  JOIN runs x ON x.run_id = r.run_id
                 WHERE b.cancelled = FALSE AND x.status = 'QUEUED'""");
        open.forEach(row -> pace(String.valueOf(row.get("backfill_id")), ((Number) row.get("max_parallel")).intValue()));
    }

    private void pace(String backfillId, int maxParallel) {
        List<String> toStart = transactions.execute(status -> {
            List<Boolean> cancelled = jdbc.queryForList("SELECT cancelled FROM backfills WHERE backfill_id = ? FOR UPDATE",
                    Boolean.class, backfillId);
            if (cancelled.isEmpty() || cancelled.getFirst()) {
                return List.<String>of();
            }
            Integer going = jdbc.queryForObject("""
                    SELECT COUNT(*) FROM backfill_runs b JOIN runs r ON r.run_id = b.run_id
                     WHERE b.backfill_id = ? AND b.started = TRUE AND r.status IN ('QUEUED', 'RUNNING')""",
                    Integer.class, backfillId);
            int free = maxParallel - (going == null ? 0 : going);
            if (free > 0) {
                List<String> next = jdbc.queryForList("""
                        SELECT b.run_id FROM backfill_runs b JOIN runs r ON r.run_id = b.run_id
                         WHERE b.backfill_id = ? AND b.started = FALSE AND r.status = 'QUEUED'
                         ORDER BY b.fire_time FETCH FIRST %d ROWS ONLY""".formatted(free), String.class, backfillId);
                next.forEach(runId -> jdbc.update("UPDATE backfill_runs SET started = TRUE WHERE run_id = ?", runId));
            }
            // with the runs let go before and not started yet: their node may have died in between
            return jdbc.queryForList("""
                    SELECT b.run_id FROM backfill_runs b JOIN runs r ON r.run_id = b.run_id
                     WHERE b.backfill_id = ? AND b.started = TRUE AND r.status = 'QUEUED'""", String.class, backfillId);
        });
        for (String runId : toStart) {
            try {
                launcher.startQueued(runId);
            } catch (RuntimeException e) {
                LOG.error("Backfill run {} could not start: {}", runId, e.getMessage(), e);
            }
        }
    }
}
