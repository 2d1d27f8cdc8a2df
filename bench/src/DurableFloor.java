import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Lower bound 2: the durable floor. What a hand-written program with no framework does to run a
 * workflow durably: for each step, call the agent, then commit the step's row (one INSERT in
 * autocommit, synchronous_commit on, as Caravan's database has it) before the next step starts.
 * A stage of several calls (a parallel step) runs them concurrently, each committing its own row.
 *
 * <p>Connections come from a plain queue, at most one per run in flight and never more than
 * {@link #MAX_CONNECTIONS}: a hand-written server would bound its pool too.
 */
final class DurableFloor implements AutoCloseable {

    static final int MAX_CONNECTIONS = 64;

    private final RawCalls calls;
    private final String jdbcUrl;
    private final BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(MAX_CONNECTIONS);
    private final List<Connection> opened = new ArrayList<>();

    DurableFloor(RawCalls calls, String jdbcUrl) throws SQLException {
        this.calls = calls;
        this.jdbcUrl = jdbcUrl;
        try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement ddl = connection.createStatement()) {
            ddl.execute("""
                    CREATE TABLE IF NOT EXISTS floor_steps (
                        run_id VARCHAR(64) NOT NULL, step_id VARCHAR(200) NOT NULL, status VARCHAR(16) NOT NULL,
                        output VARCHAR, start_time TIMESTAMP WITH TIME ZONE, end_time TIMESTAMP WITH TIME ZONE,
                        PRIMARY KEY (run_id, step_id))""");
            ddl.execute("""
                    CREATE TABLE IF NOT EXISTS floor_runs (
                        run_id VARCHAR(64) NOT NULL PRIMARY KEY, workflow_id VARCHAR(200) NOT NULL,
                        status VARCHAR(16) NOT NULL, params VARCHAR NOT NULL, start_time TIMESTAMP WITH TIME ZONE NOT NULL)""");
        }
    }

    /** Sizes the pool for {@code inFlight} concurrent runs (connections are opened once and kept). */
    void prepare(int inFlight) throws SQLException {
        while (opened.size() < Math.min(inFlight, MAX_CONNECTIONS)) {
            Connection connection = DriverManager.getConnection(jdbcUrl);
            connection.setAutoCommit(true);
            opened.add(connection);
            pool.add(connection);
        }
    }

    /**
     * Runs one workflow: {@code stages[i]} concurrent calls in stage i, each followed by the commit
     * of its row. Returns each stage's time in ms (the slowest call plus its commit).
     */
    double[] runWorkflow(int[] stages, long latencyMillis) throws Exception {
        String runId = UUID.randomUUID().toString();
        double[] stageMillis = new double[stages.length];
        for (int stage = 0; stage < stages.length; stage++) {
            long start = System.nanoTime();
            if (stages[stage] == 1) {
                step(runId, "s" + stage, latencyMillis);
            } else {
                List<Thread> branches = new ArrayList<>();
                List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
                for (int branch = 0; branch < stages[stage]; branch++) {
                    String stepId = "s" + stage + "b" + branch;
                    branches.add(Thread.ofVirtual().start(() -> {
                        try {
                            step(runId, stepId, latencyMillis);
                        } catch (Exception e) {
                            failures.add(e);
                        }
                    }));
                }
                for (Thread branch : branches) {
                    branch.join();
                }
                if (!failures.isEmpty()) {
                    throw failures.get(0);
                }
            }
            stageMillis[stage] = (System.nanoTime() - start) / 1e6;
        }
        return stageMillis;
    }

    /** The durable part of starting a run: one committed INSERT of its row. */
    void startRun(String workflowId) throws Exception {
        Connection connection = pool.take();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO floor_runs (run_id, workflow_id, status, params, start_time) VALUES (?, ?, 'QUEUED', '{}', ?)")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, workflowId);
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        } finally {
            pool.add(connection);
        }
    }

    private void step(String runId, String stepId, long latencyMillis) throws Exception {
        Instant start = Instant.now();
        calls.call(runId, stepId, latencyMillis);
        Connection connection = pool.take();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO floor_steps (run_id, step_id, status, output, start_time, end_time) VALUES (?, ?, 'SUCCESS', '{}', ?, ?)")) {
            insert.setString(1, runId);
            insert.setString(2, stepId);
            insert.setTimestamp(3, Timestamp.from(start));
            insert.setTimestamp(4, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        } finally {
            pool.add(connection);
        }
    }

    @Override
    public void close() throws SQLException {
        for (Connection connection : opened) {
            connection.close();
        }
    }
}
