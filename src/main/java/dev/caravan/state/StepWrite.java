package dev.caravan.state;

import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A step's new state: an update of its row, batched with the other step writes of a group; a
 * step without a row yet (an iteration's key) gets one, after the run's last.
 */
record StepWrite(String runId, Object[] row, Object[] arguments) implements Batchable<Integer> {

    private static final String UPDATE_STEP = """
            UPDATE step_executions SET agent = ?, status = ?, output = ?, error = ?, attempts = ?,
                   start_time = ?, end_time = ?, instance = ?
             WHERE run_id = ? AND step_key = ?""";

    @Override
    public String sql() {
        return UPDATE_STEP;
    }

    @Override
    public String orderKey() {
        return runId;
    }

    @Override
    public Integer completed(int rowsChanged, Map<String, Object> keys, JdbcTemplate jdbc) {
        // no row when its batch ran: updated again (an earlier write of the key in the same batch
        // may have added it meanwhile), else added
        return rowsChanged > 0 ? rowsChanged : updateOrInsert(jdbc);
    }

    private int updateOrInsert(JdbcTemplate jdbc) {
        int updated = jdbc.update(UPDATE_STEP, arguments);
        if (updated > 0) {
            return updated;
        }
        Integer last = jdbc.queryForObject(
                "SELECT COALESCE(MAX(position), 0) FROM step_executions WHERE run_id = ?", Integer.class, runId);
        Object[] positioned = row.clone();
        positioned[2] = (last == null ? 0 : last) + 1;
        return jdbc.update(JdbcRunStore.INSERT_STEP, positioned);
    }
}
