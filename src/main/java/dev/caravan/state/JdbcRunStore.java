package dev.caravan.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.event.ReportedEvent;
import dev.caravan.run.RunLeases;
import dev.caravan.run.RunQuery;
import dev.caravan.run.RunRecord;
import dev.caravan.run.RunStatus;
import dev.caravan.run.RunStore;
import dev.caravan.run.StepResult;
import dev.caravan.run.StepStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs and their steps in the database (PostgreSQL, or the embedded H2). Every write goes through
 * the {@link GroupCommitter}, so concurrent runs share commits; each call but
 * {@link #saveStepWithoutWaiting} returns once its write is committed, so a step's result is
 * durable before any step that depends on it starts.
 */
@Component
public class JdbcRunStore implements RunStore {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JdbcRunStore.class);


    private final JdbcTemplate jdbc;
    private final GroupCommitter committer;
    private final JdbcEventStore events;
    private final ObjectMapper json;

    JdbcRunStore(JdbcTemplate jdbc, GroupCommitter committer, JdbcEventStore events, ObjectMapper json) {
        this.jdbc = jdbc;
        this.committer = committer;
        this.events = events;
        this.json = json;
    }

    @Override
    public void create(RunRecord run) {
        create(run, new RunLeases.Lease(null, null));
    }

    @Override
    public void create(RunRecord run, RunLeases.Lease lease, ReportedEvent created) {
        Object[] row = {run.runId(), run.workflowId(), run.workflowName(), run.version(), run.revision(),
                run.status().name(), write(run.params()), timestamp(run.startTime()), timestamp(run.endTime()),
                run.error(), lease.owner(), timestamp(lease.until())};
        List<Batchable<?>> inserts = new java.util.ArrayList<>(1 + run.steps().size());
        inserts.add(new RunInsert(INSERT_RUN, run.runId(), row));
        for (int i = 0; i < run.steps().size(); i++) {
            inserts.add(new RunInsert(INSERT_STEP, run.runId(), stepRow(run.runId(), run.steps().get(i), i + 1)));
        }
        // the run and its steps in one write, so in one transaction: a run is never seen without them
        AllOf write = new AllOf(inserts);
        if (created == null) {
            committer.commit(write);
        } else {
            events.commitReported(write, done -> true, created);
        }
    }

    private static final String INSERT_RUN = """
            INSERT INTO runs (run_id, workflow_id, workflow_name, version, revision, status, params,
                              start_time, end_time, error, owner, lease_until)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /** A step's row; {@link StepWrite} adds one too, for a step first seen after its run was created. */
    static final String INSERT_STEP = """
            INSERT INTO step_executions (run_id, step_key, position, step_id, agent, status, output, error,
                                         attempts, start_time, end_time, instance)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    @Override
    public void saveStep(String runId, StepResult step) {
        committer.commit(stepWrite(runId, step));
    }

    @Override
    public CompletableFuture<?> saveStepWithoutWaiting(String runId, StepResult step) {
        CompletableFuture<Integer> committed = committer.submit(stepWrite(runId, step));
        committed.whenComplete((updated, failure) -> {
            if (failure != null) {
                LOG.warn("Run {}: step {} could not be marked {}: {}", runId, step.key(),
                        step.status().name().toLowerCase(Locale.ROOT), failure.getMessage());
            }
        });
        return committed;
    }

    /** Replaces the step's row, or adds it (an iteration's key, first seen now) after the run's last. */
    private Write<Integer> stepWrite(String runId, StepResult step) {
        // the JSON is written here, on the caller's thread, not on the committer's
        Object[] row = stepRow(runId, step, 0);
        Object[] update = {row[4], row[5], row[6], row[7], row[8], row[9], row[10], row[11], runId, step.key()};
        return new StepWrite(runId, row, update);
    }

    /** The values of {@link #INSERT_STEP}, in its order. */
    private Object[] stepRow(String runId, StepResult step, int position) {
        return new Object[] {runId, step.key(), position, step.stepId(), step.agent(), step.status().name(),
                writeNullable(step.output()), step.error(), step.attempts(), timestamp(step.startTime()),
                timestamp(step.endTime()), step.instance()};
    }

    @Override
    public void updateStatus(String runId, RunStatus status, Instant endTime, String error) {
        if (status.isTerminal()) {
            throw new IllegalArgumentException("a run's end is committed with its event: use end");
        }
        if (committer.commit(RunStatusChange.of(runId, status, endTime, error)) == 0) {
            throw refused(runId, status);
        }
    }

    @Override
    public void end(String runId, RunStatus status, Instant endTime, String error, ReportedEvent ended,
            List<? extends CompletableFuture<?>> after) {
        if (!status.isTerminal()) {
            throw new IllegalArgumentException(status.wireName() + " is not an end: use updateStatus");
        }
        // the status change applies only to a run that has not ended: then no event either
        if (events.commitReported(RunStatusChange.of(runId, status, endTime, error), rows -> rows > 0, ended, after) == 0) {
            throw refused(runId, status);
        }
    }

    @Override
    public CompletableFuture<Void> updateStatusWithoutWaiting(String runId, RunStatus status) {
        if (status.isTerminal()) {
            throw new IllegalArgumentException("a run's end is committed before it is reported: use updateStatus");
        }
        RunStatusChange change = RunStatusChange.of(runId, status, null, null);
        // completed on the committer's thread: no query there to say why, the caller has the run
        return committer.submit(change).thenAccept(updated -> {
            if (updated == 0) {
                throw new IllegalStateException("run " + runId + " is missing or cannot go to " + status);
            }
        });
    }

    /** Why a status change updated no row: the run is missing, or its status does not allow the change. */
    private IllegalStateException refused(String runId, RunStatus status) {
        String current = jdbc.query("SELECT status FROM runs WHERE run_id = ?",
                rows -> rows.next() ? rows.getString(1) : null, runId);
        return new IllegalStateException(current == null ? "no run " + runId
                : "run " + runId + " cannot go from " + current + " to " + status);
    }

    @Override
    public void reopen(String runId, RunLeases.Lease lease) {
        int updated = committer.commit(jdbc -> jdbc.update("""
                UPDATE runs SET status = ?, end_time = NULL, error = NULL, owner = ?, lease_until = ?
                 WHERE run_id = ? AND status = ?""",
                RunStatus.RUNNING.name(), lease.owner(), timestamp(lease.until()), runId, RunStatus.FAILURE.name()));
        if (updated == 0) {
            throw new IllegalStateException("run " + runId + " is not a failed run");
        }
    }

    @Override
    public void saveHook(String runId, RunRecord.HookResult hook) {
        committer.commit(jdbc -> jdbc.update("""
                INSERT INTO run_hooks (run_id, position, hook, success, error)
                SELECT ?, COALESCE(MAX(position), 0) + 1, ?, ?, ? FROM run_hooks WHERE run_id = ?""",
                runId, hook.hook(), hook.success(), hook.error(), runId));
    }

    /**
     * The run first, then its steps and hooks, each query on a connection of its own: nesting the
     * step query inside the run query's row callback held two pooled connections per reader, and
     * enough concurrent readers exhausted the pool with every one of them waiting for a second.
     */
    @Override
    public Optional<RunRecord> find(String runId) {
        return Optional.ofNullable(jdbc.query(FIND_RUN, this::runWithSteps, runId))
                .map(found -> withStepsAndHooks(found.run, found.steps, found.hooks ? hooks(runId) : List.of()));
    }

    /**
     * A run's row and its steps in one round trip (read at every run's end, and by every GET), with
     * whether it has hooks: only a run that failed at some point has any, and only then are they
     * read apart. The step's columns are renamed where the run has a column of the same name.
     */
    private static final String FIND_RUN = """
            SELECT r.*, CASE WHEN EXISTS (SELECT 1 FROM run_hooks h WHERE h.run_id = r.run_id) THEN 1 ELSE 0 END AS has_hooks,
                   s.step_key, s.step_id, s.agent, s.status AS step_status, s.output, s.error AS step_error,
                   s.attempts, s.start_time AS step_start, s.end_time AS step_end, s.instance
            FROM runs r LEFT JOIN step_executions s ON s.run_id = r.run_id
            WHERE r.run_id = ?
            ORDER BY s.position""";

    private record FoundRun(RunRecord run, List<StepResult> steps, boolean hooks) {
    }

    private FoundRun runWithSteps(ResultSet rows) throws SQLException {
        if (!rows.next()) {
            return null;
        }
        RunRecord run = run(rows);
        boolean hooks = rows.getInt("has_hooks") == 1;
        List<StepResult> steps = new java.util.ArrayList<>();
        do {
            if (rows.getString("step_key") != null) {
                steps.add(step(rows));
            }
        } while (rows.next());
        return new FoundRun(run, steps, hooks);
    }

    private List<RunRecord.HookResult> hooks(String runId) {
        return jdbc.query("SELECT hook, success, error FROM run_hooks WHERE run_id = ? ORDER BY position",
                (row, index) -> new RunRecord.HookResult(row.getString(1), row.getBoolean(2), row.getString(3)),
                runId);
    }

    private static RunRecord withStepsAndHooks(RunRecord run, List<StepResult> steps,
            List<RunRecord.HookResult> hooks) {
        return new RunRecord(run.runId(), run.workflowId(), run.workflowName(), run.version(), run.revision(),
                run.status(), run.params(), run.startTime(), run.endTime(), run.error(), steps, hooks);
    }

    @Override
    public RunQuery.Page list(RunQuery query) {
        StringBuilder sql = new StringBuilder("SELECT * FROM runs WHERE 1 = 1");
        List<Object> arguments = new java.util.ArrayList<>();
        if (query.status() != null) {
            sql.append(" AND status = ?");
            arguments.add(query.status().name());
        }
        if (query.workflowId() != null) {
            sql.append(" AND workflow_id = ?");
            arguments.add(query.workflowId());
        }
        if (query.after() != null) {
            // keyset paging: stable while new runs arrive, and cheap however deep the page
            sql.append(" AND (start_time < ? OR (start_time = ? AND run_id < ?))");
            Timestamp start = Timestamp.from(query.after().startTime());
            arguments.addAll(List.of(start, start, query.after().runId()));
        }
        sql.append(" ORDER BY start_time DESC, run_id DESC FETCH FIRST ").append(query.limit() + 1).append(" ROWS ONLY");
        List<RunRecord> found = jdbc.query(sql.toString(), (row, index) -> run(row), arguments.toArray());
        if (found.size() <= query.limit()) {
            return new RunQuery.Page(found, null);
        }
        List<RunRecord> page = found.subList(0, query.limit());
        RunRecord last = page.getLast();
        return new RunQuery.Page(List.copyOf(page), new RunQuery.Cursor(last.startTime(), last.runId()).encode());
    }


    /** A run's own row, without its steps and hooks. */
    private RunRecord run(ResultSet row) throws SQLException {
        String runId = row.getString("run_id");
        return new RunRecord(runId, row.getString("workflow_id"), row.getString("workflow_name"),
                row.getString("version"), row.getInt("revision"), RunStatus.valueOf(row.getString("status")),
                read(row.getString("params")), instant(row, "start_time"), instant(row, "end_time"),
                row.getString("error"), List.of(), List.of());
    }

    /** A step of {@link #FIND_RUN}'s rows. */
    private StepResult step(ResultSet row) throws SQLException {
        String output = row.getString("output");
        return new StepResult(row.getString("step_key"), row.getString("step_id"), row.getString("agent"),
                StepStatus.valueOf(row.getString("step_status").toUpperCase(Locale.ROOT)),
                output == null ? null : read(output), row.getString("step_error"), row.getInt("attempts"),
                instant(row, "step_start"), instant(row, "step_end"), row.getString("instance"));
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private String writeNullable(Map<String, Object> value) {
        return value == null ? null : write(value);
    }

    private String write(Map<String, Object> value) {
        return JsonColumns.write(json, value);
    }

    private Map<String, Object> read(String text) {
        return JsonColumns.read(json, text);
    }
}
