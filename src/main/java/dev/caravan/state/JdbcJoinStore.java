package dev.caravan.state;

import dev.caravan.run.JoinStore;
import java.util.Collection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Joins in the table of their aggregation repository ({@link AggregationRepositories#JOINS}). */
@Repository
class JdbcJoinStore implements JoinStore {

    private final JdbcTemplate jdbc;

    JdbcJoinStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void discard(Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("DELETE FROM " + AggregationRepositories.JOINS + " WHERE id = ?",
                keys.stream().map(key -> new Object[] {key}).toList());
    }
}
