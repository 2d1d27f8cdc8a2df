import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads what Caravan recorded of the bench's runs, straight from its tables (the same rows that
 * {@code GET /api/workflows/{id}} serves: reading them in one query spares Caravan thousands of
 * API calls while it is being measured). Times are the engine's own, to the microsecond.
 */
final class CaravanRuns {

    private final String jdbcUrl;

    CaravanRuns(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * Per-step orchestration overhead, in ms, of runs whose every step called an agent that waits
     * {@code latencyMillis}: step i's share of the run is the time from the end of step i-1 (the
     * run's start for the first) to the end of step i, minus the agent's latency; the last step also
     * takes the time from its end to the run's end. The shares add up to the run's duration minus
     * the agents' time, so nothing the engine spends is left out.
     */
    List<Double> stepOverheads(Collection<String> runIds, long latencyMillis) throws SQLException {
        List<Double> overheads = new ArrayList<>();
        for (StepTimes step : stepTimes(runIds)) {
            double shareEnd = step.last() ? step.runEnd() : step.end();
            overheads.add((shareEnd - step.previousEnd()) * 1000 - latencyMillis);
        }
        return overheads;
    }

    /**
     * The two parts of each step's overhead (ms), for runs as in {@link #stepOverheads}: before the
     * call, from the end of the step before (the run's start for the first) to this step's start
     * (the result before it committed, this step set up and recorded as running); and in the call,
     * from the step's start to its end, minus the agent's latency (the route to the agent, the
     * breaker, the HTTP exchange, the answer read). The run's end after its last step is in neither.
     */
    StepParts stepParts(Collection<String> runIds, long latencyMillis) throws SQLException {
        StepParts parts = new StepParts(new ArrayList<>(), new ArrayList<>());
        for (StepTimes step : stepTimes(runIds)) {
            parts.beforeCall().add((step.start() - step.previousEnd()) * 1000);
            parts.inCall().add((step.end() - step.start()) * 1000 - latencyMillis);
        }
        return parts;
    }

    /** The parts of the steps' overheads, in ms: before each call, and in it beyond the agent. */
    record StepParts(List<Double> beforeCall, List<Double> inCall) {
    }

    /**
     * One step of a successful run, in epoch seconds: when the step before it ended (the run's
     * start for the first), its own start and end, the run's end, and whether it ended last.
     */
    private record StepTimes(double previousEnd, double start, double end, double runEnd, boolean last) {
    }

    /** The steps of the successful runs among these, run by run, each run's in the order they ended. */
    private List<StepTimes> stepTimes(Collection<String> runIds) throws SQLException {
        List<StepTimes> steps = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                PreparedStatement query = connection.prepareStatement("""
                        SELECT r.run_id, extract(epoch FROM r.start_time), extract(epoch FROM r.end_time),
                               extract(epoch FROM s.start_time), extract(epoch FROM s.end_time),
                               row_number() OVER (PARTITION BY r.run_id ORDER BY s.end_time DESC) = 1 AS last_step
                        FROM runs r JOIN step_executions s ON s.run_id = r.run_id
                        WHERE r.run_id = ANY (?) AND r.status = 'SUCCESS'
                        ORDER BY r.run_id, s.end_time""")) {
            query.setArray(1, textArray(connection, runIds));
            try (ResultSet rows = query.executeQuery()) {
                String run = null;
                double previousEnd = 0;
                while (rows.next()) {
                    if (!rows.getString(1).equals(run)) {
                        run = rows.getString(1);
                        previousEnd = rows.getDouble(2);
                    }
                    double end = rows.getDouble(5);
                    steps.add(new StepTimes(previousEnd, rows.getDouble(4), end, rows.getDouble(3), rows.getBoolean(6)));
                    previousEnd = end;
                }
            }
        }
        return steps;
    }

    /** Each successful run's duration minus {@code agentMillis} (its critical path through the agents), in ms. */
    List<Double> runOverheads(Collection<String> runIds, long agentMillis) throws SQLException {
        List<Double> overheads = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                PreparedStatement query = connection.prepareStatement("""
                        SELECT extract(epoch FROM end_time - start_time) FROM runs
                        WHERE run_id = ANY (?) AND status = 'SUCCESS'""")) {
            query.setArray(1, textArray(connection, runIds));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    overheads.add(rows.getDouble(1) * 1000 - agentMillis);
                }
            }
        }
        return overheads;
    }

    /** How many of these runs are in the database, and how many of those ended in success. */
    record Count(long stored, long succeeded, long ended) {
    }

    Count count(Collection<String> runIds) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                PreparedStatement query = connection.prepareStatement("""
                        SELECT count(*), count(*) FILTER (WHERE status = 'SUCCESS'),
                               count(*) FILTER (WHERE status IN ('SUCCESS', 'FAILURE', 'CANCELLED'))
                        FROM runs WHERE run_id = ANY (?)""")) {
            query.setArray(1, textArray(connection, runIds));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new Count(rows.getLong(1), rows.getLong(2), rows.getLong(3));
            }
        }
    }

    /** Runs of any workflow that have not ended: the bench waits for none before the next measure. */
    long unfinished() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM runs WHERE status IN ('QUEUED', 'RUNNING')");
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    String postgresVersion() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                ResultSet rows = connection.createStatement().executeQuery(
                        "SELECT current_setting('server_version') || ', synchronous_commit ' || current_setting('synchronous_commit')")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static Array textArray(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("varchar", values.toArray());
    }
}
