package dev.caravan.state;

import dev.caravan.run.ControlRequest;
import dev.caravan.run.RunControls;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Control requests in the {@code runs.control} column; each write is one conditional UPDATE. */
@Component
public class JdbcRunControls implements RunControls {

    private static final String UNFINISHED = "status IN ('QUEUED', 'RUNNING')";

    private final JdbcTemplate jdbc;

    public JdbcRunControls(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean requestPause(String runId) {
        return jdbc.update("UPDATE runs SET control = 'PAUSE' WHERE run_id = ? AND " + UNFINISHED
                + " AND (control IS NULL OR control = 'PAUSE')", runId) == 1;
    }

    @Override
    public boolean requestCancel(String runId) {
        return jdbc.update("UPDATE runs SET control = 'CANCEL' WHERE run_id = ? AND " + UNFINISHED, runId) == 1;
    }

    @Override
    public boolean withdrawPause(String runId) {
        return jdbc.update("UPDATE runs SET control = NULL WHERE run_id = ? AND control = 'PAUSE' AND " + UNFINISHED,
                runId) == 1;
    }

    @Override
    public Optional<ControlRequest> of(String runId) {
        return jdbc.queryForList("SELECT control FROM runs WHERE run_id = ? AND control IS NOT NULL", String.class, runId)
                .stream().findFirst().map(ControlRequest::valueOf);
    }

    @Override
    public Map<String, ControlRequest> requestedOf(String nodeId) {
        Map<String, ControlRequest> requested = new HashMap<>();
        jdbc.query("SELECT run_id, control FROM runs WHERE owner = ? AND control IS NOT NULL AND " + UNFINISHED,
                row -> {
                    requested.put(row.getString("run_id"), ControlRequest.valueOf(row.getString("control")));
                }, nodeId);
        return requested;
    }

    @Override
    public void clear(String runId) {
        jdbc.update("UPDATE runs SET control = NULL WHERE run_id = ?", runId);
    }
}
