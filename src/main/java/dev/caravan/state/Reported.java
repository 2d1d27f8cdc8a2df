package dev.caravan.state;

import java.util.Objects;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A change and the append-only write that reports it (its event), committed in one transaction
 * whatever becomes of their group: a crash keeps both or neither. The report is made from the
 * change's result once the change has run, or is null when there is nothing to report (a
 * conditional update that changed no row). In a group, the change goes where it would go on
 * its own, and the report with the group's append-only writes, last, in the order handed over.
 */
record Reported<T, R>(Write<T> change, Function<T, Batchable<R>> report) implements Write<Reported.Outcome<T, R>> {

    /** The change's result, and the report's (null when the change reported nothing). */
    record Outcome<T, R>(T result, R report) {
    }

    /** @throws IllegalArgumentException when the change is append-only, and would go last itself */
    Reported {
        Objects.requireNonNull(report, "report");
        if (change instanceof Batchable<?> batchable && batchable.appendOnly()) {
            throw new IllegalArgumentException("an append-only write cannot be reported: it is a report itself");
        }
    }

    /** The report for a result of the change, checked to be append-only like the writes it goes with. */
    Batchable<R> reportOf(T result) {
        Batchable<R> reporting = report.apply(result);
        if (reporting != null && !reporting.appendOnly()) {
            throw new IllegalStateException("a report is an append-only write");
        }
        return reporting;
    }

    /** Alone (inside a caller's transaction, or again after its group failed): the change, then its report. */
    @Override
    public Outcome<T, R> apply(JdbcTemplate jdbc) {
        T result = change.apply(jdbc);
        Batchable<R> reporting = reportOf(result);
        return new Outcome<>(result, reporting == null ? null : reporting.apply(jdbc));
    }
}
