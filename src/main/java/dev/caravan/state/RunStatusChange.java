package dev.caravan.state;

import dev.caravan.run.RunStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** A run's status change, applied only from the statuses that may lead to it ({@link RunStatus#next()}). */
record RunStatusChange(Object[] arguments) implements Batchable<Integer> {

    /** Per target status: the states it may be reached from, worked out once (every run end asks). */
    private static final Map<RunStatus, List<String>> ALLOWED_FROM = allowedFrom();

    /**
     * One statement for every status: the list of statuses a change may come from is as long for
     * each, the shorter ones repeating their first. So a group sends the runs' status changes
     * of whatever kind (a run's {@code running} mark, another's end) as one batch, not one each.
     */
    private static final int PLACES = longest(ALLOWED_FROM);
    private static final String SQL = "UPDATE runs SET status = ?, end_time = ?, error = ? WHERE run_id = ? AND status IN ("
            + String.join(", ", Collections.nCopies(PLACES, "?")) + ")";

    static RunStatusChange of(String runId, RunStatus status, Instant endTime, String error) {
        List<String> from = ALLOWED_FROM.get(status);
        Object[] arguments = new Object[4 + PLACES];
        arguments[0] = status.name();
        arguments[1] = JdbcRunStore.timestamp(endTime);
        arguments[2] = error;
        arguments[3] = runId;
        for (int i = 0; i < PLACES; i++) {
            arguments[4 + i] = from.get(i < from.size() ? i : 0);
        }
        return new RunStatusChange(arguments);
    }

    @Override
    public String sql() {
        return SQL;
    }

    /**
     * Per target status: the statuses it may be reached from. Never empty: a status nothing leads
     * to (queued) gets one that no run has, so that a change to it changes no row.
     */
    private static Map<RunStatus, List<String>> allowedFrom() {
        Map<RunStatus, List<String>> allowed = new EnumMap<>(RunStatus.class);
        for (RunStatus to : RunStatus.values()) {
            List<String> from = Arrays.stream(RunStatus.values())
                    .filter(status -> status.next().contains(to)).map(Enum::name).toList();
            allowed.put(to, from.isEmpty() ? List.of("") : from);
        }
        return allowed;
    }

    private static int longest(Map<RunStatus, List<String>> allowed) {
        return allowed.values().stream().mapToInt(List::size).max().orElseThrow();
    }

    @Override
    public String orderKey() {
        return (String) arguments[3];
    }

    @Override
    public Integer completed(int rowsChanged, Map<String, Object> keys, JdbcTemplate jdbc) {
        return rowsChanged;
    }
}
