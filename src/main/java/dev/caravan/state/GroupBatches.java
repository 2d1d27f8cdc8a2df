package dev.caravan.state;

import dev.caravan.state.GroupCommitter.Batchable;
import dev.caravan.state.GroupCommitter.Pending;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * Applies a group's writes inside its transaction: in the order they were handed over, but
 * for append-only writes, which go last (in their own order); consecutive writes of the same
 * batchable statement go as one JDBC batch.
 */
final class GroupBatches {

    private GroupBatches() {
    }

    /** Returns, for each write in group order, what tells its caller once the group is committed. */
    static Runnable[] apply(List<Pending<?>> group, JdbcTemplate jdbc) {
        Runnable[] completions = new Runnable[group.size()];
        List<Integer> order = new ArrayList<>(group.size());
        List<Integer> appended = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            (group.get(i).appendOnly() ? appended : order).add(i);
        }
        order.addAll(appended);
        int next = 0;
        while (next < order.size()) {
            int end = endOfBatch(group, order, next);
            if (end - next == 1) {
                int index = order.get(next);
                completions[index] = group.get(index).runIn(jdbc);
            } else {
                applyBatch(group, order.subList(next, end), jdbc, completions);
            }
            next = end;
        }
        return completions;
    }

    /** The end (exclusive) of the run of writes of the same batchable statement starting at {@code start}. */
    private static int endOfBatch(List<Pending<?>> group, List<Integer> order, int start) {
        Batchable<?> first = group.get(order.get(start)).batchable();
        int end = start + 1;
        if (first == null) {
            return end;
        }
        while (end < order.size()) {
            Batchable<?> candidate = group.get(order.get(end)).batchable();
            if (candidate == null || !candidate.sql().equals(first.sql())
                    || !candidate.generatedKeys().equals(first.generatedKeys())) {
                break;
            }
            end++;
        }
        return end;
    }

    private static void applyBatch(List<Pending<?>> group, List<Integer> batch, JdbcTemplate jdbc,
            Runnable[] completions) {
        Batchable<?> first = group.get(batch.getFirst()).batchable();
        List<Object[]> arguments = new ArrayList<>(batch.size());
        batch.forEach(index -> arguments.add(group.get(index).batchable().arguments()));
        int[] rows;
        List<Map<String, Object>> keys;
        if (first.generatedKeys().isEmpty()) {
            rows = jdbc.batchUpdate(first.sql(), arguments);
            keys = null;
        } else {
            GeneratedKeyHolder holder = new GeneratedKeyHolder();
            rows = jdbc.batchUpdate(
                    connection -> connection.prepareStatement(first.sql(), first.generatedKeys().toArray(String[]::new)),
                    new BatchArguments(arguments), holder);
            keys = holder.getKeyList();
            if (keys.size() != batch.size()) {
                throw new IllegalStateException("the database gave " + keys.size() + " generated keys for a batch of "
                        + batch.size());
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            int index = batch.get(i);
            completions[index] = group.get(index).completeBatched(rows[i], keys == null ? Map.of() : keys.get(i), jdbc);
        }
    }

    /** The arguments of a batch, row by row. */
    private record BatchArguments(List<Object[]> rows) implements BatchPreparedStatementSetter {

        @Override
        public void setValues(PreparedStatement statement, int row) throws SQLException {
            new ArgumentPreparedStatementSetter(rows.get(row)).setValues(statement);
        }

        @Override
        public int getBatchSize() {
            return rows.size();
        }
    }
}
