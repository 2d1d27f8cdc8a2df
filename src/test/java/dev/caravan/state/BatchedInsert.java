package dev.caravan.state;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** An insert into {@code written} that is batched with its like and gets its generated id back. */
record BatchedInsert(int writer, int seq, boolean appendOnly, String orderKey) implements Batchable<Long> {

    @Override
    public String sql() {
        return "INSERT INTO written (writer, seq) VALUES (?, ?)";
    }

    @Override
    public Object[] arguments() {
        return new Object[] {writer, seq};
    }

    @Override
    public List<String> generatedKeys() {
        return List.of("id");
    }

    @Override
    public Long completed(int rowsChanged, java.util.Map<String, Object> keys, JdbcTemplate jdbc) {
        return ((Number) keys.values().iterator().next()).longValue();
    }
}
