package dev.caravan.state;

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
 *     the parts of an {@link AllOf} theirs;</li>
 * <li>a write without a key (any other write) stays behind everything handed over before it and
 *     ahead of everything handed over after it;</li>
 * <li>append-only writes (events), and the reports of {@link Reported} writes, go
 *     last, in their own order.</li>
 * </ul>
 * Within those bounds, a write joins the first batch of its statement it may join.
 */
final class GroupBatches {

    /** A write's result not known yet: {@code null} is a result (an {@link AllOf}'s). */
    private static final Object NOT_YET = new Object();

    private GroupBatches() {
    }

    /** What was applied: for each write in group order, what tells its caller once committed. */
    record Applied(Runnable[] completions, int batches) {
    }

    /**
     * One statement of a write: the write's place in the group, the statement (null: the whole
     * write, or a Reported write's whole change), and whether it is the write's report.
     */
    private record Unit(int write, Batchable<?> statement, boolean report) {
    }

    /** Units sent together: one JDBC batch when {@code statement} is set, else a single write of its own. */
    private record Batch(Batchable<?> statement, List<Unit> units) {

        boolean takes(Batchable<?> candidate) {
            return statement != null && candidate.sql().equals(statement.sql())
                    && candidate.generatedKeys().equals(statement.generatedKeys());
        }
    }

    /** The batches to send first, and the writes that go last (append-only ones, and reports). */
    private record Plan(List<Batch> batches, List<Integer> last) {
    }

    /** The results of one group's writes as they come in. */
    private static final class Results {

        private final List<PendingWrite<?>> group;
        private final Object[] results;
        private final Object[] reports;

        Results(List<PendingWrite<?>> group) {
            this.group = group;
            this.results = new Object[group.size()];
            this.reports = new Object[group.size()];
            java.util.Arrays.fill(results, NOT_YET);
        }

        /** A unit is done: its write's result once its last part is, or its report. */
        void unitDone(Unit unit, Object partResult) {
            if (unit.report()) {
                reports[unit.write()] = partResult;
                return;
            }
            PendingWrite<?> pending = group.get(unit.write());
            if (unit.statement() == null || pending.isLastPart(unit.statement())) {
                results[unit.write()] = unit.statement() == null || unit.statement() == pending.change()
                        ? partResult : null;
            }
        }

        Object result(int write) {
            return results[write];
        }

        Runnable[] completions() {
            Runnable[] completions = new Runnable[group.size()];
            for (int write = 0; write < group.size(); write++) {
                if (results[write] == NOT_YET) {
                    throw new IllegalStateException("write " + write + " of the group was not applied");
                }
                completions[write] = group.get(write).completion(results[write], reports[write]);
            }
            return completions;
        }
    }

    static Applied apply(List<PendingWrite<?>> group, JdbcTemplate jdbc) {
        Results results = new Results(group);
        Plan plan = plan(group);
        int sent = 0;
        for (Batch batch : plan.batches()) {
            send(group, batch, jdbc, results);
            sent++;
        }
        // the change of each Reported write has run: its report is known now
        List<Batch> last = new ArrayList<>();
        for (int write : plan.last()) {
            PendingWrite<?> pending = group.get(write);
            Batchable<?> statement = pending.appendOnly() ? (Batchable<?>) pending.write()
                    : pending.report(results.result(write));
            if (statement != null) {
                joinLastOrAdd(last, new Unit(write, statement, !pending.appendOnly()));
            }
        }
        for (Batch batch : last) {
            send(group, batch, jdbc, results);
            sent++;
        }
        return new Applied(results.completions(), sent);
    }

    /** The batches in the order they are to be sent, but for what goes last. */
    private static Plan plan(List<PendingWrite<?>> group) {
        List<Batch> batches = new ArrayList<>();
        List<Integer> last = new ArrayList<>();
        Map<String, Integer> lastBatchOfKey = new HashMap<>();
        int barrier = -1; // the batch of the latest write without a key: nothing handed over later goes before it
        for (int write = 0; write < group.size(); write++) {
            PendingWrite<?> pending = group.get(write);
            if (pending.appendOnly()) {
                last.add(write);
                continue;
            }
            List<Batchable<?>> statements = pending.batchableParts();
            if (statements.isEmpty()) {
                batches.add(new Batch(null, new ArrayList<>(List.of(new Unit(write, null, false)))));
                barrier = batches.size() - 1;
            } else {
                for (Batchable<?> statement : statements) {
                    barrier = place(batches, lastBatchOfKey, barrier, new Unit(write, statement, false));
                }
            }
            if (pending.reported()) {
                last.add(write);
            }
        }
        return new Plan(batches, last);
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

    private static void send(List<PendingWrite<?>> group, Batch batch, JdbcTemplate jdbc, Results results) {
        if (batch.units().size() > 1) {
            sendBatch(batch, jdbc, results);
            return;
        }
        // on its own: a plain statement, no batch
        Unit only = batch.units().getFirst();
        Object result = only.statement() == null ? group.get(only.write()).change().apply(jdbc)
                : only.statement().apply(jdbc);
        results.unitDone(only, result);
    }

    private static void sendBatch(Batch batch, JdbcTemplate jdbc, Results results) {
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
            results.unitDone(unit, unit.statement().completed(rows[i], keys == null ? Map.of() : keys.get(i), jdbc));
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
