package dev.caravan.state;

import dev.caravan.state.GroupCommitter.Batchable;
import dev.caravan.state.GroupCommitter.Pending;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * Applies a group's writes inside its transaction, sending the writes of one statement as one JDBC
 * batch, one round trip instead of one each. The order handed over is kept where it matters:
 * <ul>
 * <li>writes of one {@linkplain Batchable#orderKey() order key} (one run) keep their order, and
 *     the parts of an {@link GroupCommitter.AllOf} theirs;</li>
 * <li>a write without a key (any other write) stays behind everything handed over before it and
 *     ahead of everything handed over after it;</li>
 * <li>append-only writes (events) go last, in their own order.</li>
 * </ul>
 * Within those bounds, a write joins the first batch of its statement it may join.
 */
final class GroupBatches {

    private GroupBatches() {
    }

    /** What was applied: for each write in group order, what tells its caller once committed. */
    record Applied(Runnable[] completions, int batches) {
    }

    /** One statement of a write: the write's place in the group, and the statement (or null: the whole write). */
    private record Unit(int write, Batchable<?> statement) {
    }

    /** Units sent together: one JDBC batch when {@code statement} is set, else a single write of its own. */
    private record Batch(Batchable<?> statement, List<Unit> units) {

        boolean takes(Batchable<?> candidate) {
            return statement != null && candidate.sql().equals(statement.sql())
                    && candidate.generatedKeys().equals(statement.generatedKeys());
        }
    }

    static Applied apply(List<Pending<?>> group, JdbcTemplate jdbc) {
        Runnable[] completions = new Runnable[group.size()];
        List<Batch> batches = plan(group);
        for (Batch batch : batches) {
            Unit only = batch.units().size() == 1 ? batch.units().getFirst() : null;
            if (only != null && (only.statement() == null || only.statement() == group.get(only.write()).write())) {
                // a write on its own: a plain statement, no batch
                completions[only.write()] = group.get(only.write()).runIn(jdbc);
            } else {
                applyBatch(group, batch, jdbc, completions);
            }
        }
        return new Applied(completions, batches.size());
    }

    /** The batches in the order they are to be sent. */
    private static List<Batch> plan(List<Pending<?>> group) {
        List<Batch> batches = new ArrayList<>();
        List<Unit> appended = new ArrayList<>();
        Map<String, Integer> lastBatchOfKey = new HashMap<>();
        int barrier = -1; // the batch of the latest write without a key: nothing handed over later goes before it
        for (int write = 0; write < group.size(); write++) {
            Pending<?> pending = group.get(write);
            List<Batchable<?>> statements = pending.batchableParts();
            if (pending.appendOnly()) {
                appended.add(new Unit(write, statements.getFirst()));
            } else if (statements.isEmpty()) {
                batches.add(new Batch(null, new ArrayList<>(List.of(new Unit(write, null)))));
                barrier = batches.size() - 1;
            } else {
                for (Batchable<?> statement : statements) {
                    barrier = place(batches, lastBatchOfKey, barrier, new Unit(write, statement));
                }
            }
        }
        // after the rest, in their own order: consecutive ones of one statement in one batch
        List<Batch> appendedBatches = new ArrayList<>();
        for (Unit unit : appended) {
            joinLastOrAdd(appendedBatches, unit);
        }
        batches.addAll(appendedBatches);
        return batches;
    }

    /** Puts a batchable statement in the first batch it may join, or a new one; returns the barrier after it. */
    private static int place(List<Batch> batches, Map<String, Integer> lastBatchOfKey, int barrier, Unit unit) {
        String key = unit.statement().orderKey();
        if (key == null) {
            return joinLastOrAdd(batches, unit);
        }
        int from = Math.max(barrier + 1, lastBatchOfKey.getOrDefault(key, -1));
        int chosen = -1;
        for (int i = from; i < batches.size() && chosen < 0; i++) {
            if (batches.get(i).takes(unit.statement())) {
                chosen = i;
            }
        }
        if (chosen < 0) {
            batches.add(new Batch(unit.statement(), new ArrayList<>()));
            chosen = batches.size() - 1;
        }
        batches.get(chosen).units().add(unit);
        lastBatchOfKey.put(key, chosen);
        return barrier;
    }

    /** Adds the unit to the last batch if it is one of its statement, else to a new one; returns its index. */
    private static int joinLastOrAdd(List<Batch> batches, Unit unit) {
        if (batches.isEmpty() || !batches.getLast().takes(unit.statement())) {
            batches.add(new Batch(unit.statement(), new ArrayList<>()));
        }
        batches.getLast().units().add(unit);
        return batches.size() - 1;
    }

    private static void applyBatch(List<Pending<?>> group, Batch batch, JdbcTemplate jdbc, Runnable[] completions) {
        Batchable<?> first = batch.statement();
        List<Unit> units = batch.units();
        List<Object[]> arguments = new ArrayList<>(units.size());
        units.forEach(unit -> arguments.add(unit.statement().arguments()));
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
            if (keys.size() != units.size()) {
                throw new IllegalStateException("the database gave " + keys.size() + " generated keys for a batch of "
                        + units.size());
            }
        }
        for (int i = 0; i < units.size(); i++) {
            Unit unit = units.get(i);
            Runnable completion = group.get(unit.write()).completeBatched(unit.statement(), rows[i],
                    keys == null ? Map.of() : keys.get(i), jdbc);
            if (completion != null) {
                completions[unit.write()] = completion;
            }
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
