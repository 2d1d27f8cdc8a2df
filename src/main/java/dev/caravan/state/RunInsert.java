package dev.caravan.state;

import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** A row of a new run, batched with the like rows of other runs created in the same group. */
record RunInsert(String sql, String orderKey, Object[] arguments) implements Batchable<Integer> {

    @Override
    public Integer completed(int rowsChanged, Map<String, Object> keys, JdbcTemplate jdbc) {
        return rowsChanged;
    }
}
