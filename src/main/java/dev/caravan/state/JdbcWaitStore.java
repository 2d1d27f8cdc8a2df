package dev.caravan.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.run.StepStatus;
import dev.caravan.run.WaitStore;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** {@link WaitStore} on the step_executions table (V5 adds its wait columns) and caravan_keys. */
@Repository
class JdbcWaitStore implements WaitStore {

    private static final String CALLBACK_KEY = "callback-signing";

    private final JdbcTemplate jdbc;
    private final GroupCommitter committer;
    private final ObjectMapper json;
    private volatile byte[] callbackKey;

    JdbcWaitStore(JdbcTemplate jdbc, GroupCommitter committer, ObjectMapper json) {
        this.jdbc = jdbc;
        this.committer = committer;
        this.json = json;
    }

    /**
     * Through the group committer like the step's other writes, so that it lands after the step's
     * running mark, which is handed over without waiting.
     */
    @Override
    public void markWaiting(String runId, String stepKey, String waitingFor, Instant deadline) {
        committer.commit(jdbc -> jdbc.update(
                "UPDATE step_executions SET waiting_for = ?, wait_deadline = ? WHERE run_id = ? AND step_key = ?",
                waitingFor, Timestamp.from(deadline), runId, stepKey));
    }

    @Override
    public Optional<StepWait> find(String runId, String stepKey) {
        return jdbc.query("""
                SELECT status, waiting_for, wait_deadline, output, error FROM step_executions
                 WHERE run_id = ? AND step_key = ?""", (row, index) -> {
            Timestamp deadline = row.getTimestamp("wait_deadline");
            String output = row.getString("output");
            return new StepWait(StepStatus.valueOf(row.getString("status").toUpperCase(Locale.ROOT)),
                    row.getString("waiting_for"), deadline == null ? null : deadline.toInstant(),
                    output == null ? null : read(output), row.getString("error"));
        }, runId, stepKey).stream().findFirst();
    }

    @Override
    public boolean finish(String runId, String stepKey, boolean success, Map<String, Object> output, String error,
            Instant endTime) {
        String text = output == null ? null : write(output);
        return committer.commit(jdbc -> jdbc.update("""
                UPDATE step_executions SET status = ?, output = ?, error = ?, end_time = ?
                 WHERE run_id = ? AND step_key = ? AND status = ? AND waiting_for IS NOT NULL""",
                (success ? StepStatus.SUCCESS : StepStatus.FAILURE).name(), text,
                error, Timestamp.from(endTime), runId, stepKey, StepStatus.RUNNING.name())) == 1;
    }

    @Override
    public List<String> waitingForSignal(String runId, String signal) {
        return jdbc.queryForList("""
                SELECT step_key FROM step_executions
                 WHERE run_id = ? AND waiting_for = ? AND status = ? ORDER BY position""",
                String.class, runId, "signal:" + signal, StepStatus.RUNNING.name());
    }

    @Override
    public void discardRendezvous(String runId, String stepKey) {
        // the table of the aggregation repository (AggregationRepositories), keyed like the rendezvous
        jdbc.update("DELETE FROM " + AggregationRepositories.WAITS + " WHERE id = ?", runId + ":" + stepKey);
    }

    @Override
    public byte[] callbackKey() {
        byte[] key = callbackKey;
        if (key == null) {
            key = Base64.getDecoder().decode(loadOrCreateKey());
            callbackKey = key;
        }
        return key.clone();
    }

    private String loadOrCreateKey() {
        List<String> stored = jdbc.queryForList("SELECT secret FROM caravan_keys WHERE name = ?", String.class, CALLBACK_KEY);
        if (!stored.isEmpty()) {
            return stored.getFirst();
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
            jdbc.update("INSERT INTO caravan_keys (name, secret) VALUES (?, ?)", CALLBACK_KEY,
                    Base64.getEncoder().encodeToString(fresh));
        } catch (DuplicateKeyException anotherNodeWasFirst) {
            // the other node's key is the one every node uses
        }
        return jdbc.queryForObject("SELECT secret FROM caravan_keys WHERE name = ?", String.class, CALLBACK_KEY);
    }

    private String write(Map<String, Object> value) {
        return JsonColumns.write(json, value);
    }

    private Map<String, Object> read(String text) {
        return JsonColumns.read(json, text);
    }
}
