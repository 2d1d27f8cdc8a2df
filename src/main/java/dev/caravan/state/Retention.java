package dev.caravan.state;

import dev.caravan.run.RunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Removes what is older than the configured retention (docs/state.md, "Retention"): ended runs,
 * their steps and hooks with them, and events. Off by default: Caravan keeps everything it stored
 * until told otherwise. {@code routes/retention.yaml} calls {@link #sweep} on every node; a delete
 * of rows another node removed first changes nothing. It removes in batches of short transactions
 * of their own, apart from the group committer, so that runs in flight never wait for it.
 */
@Component("caravanRetention")
@EnableConfigurationProperties(Retention.RetentionProperties.class)
public class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final String ENDED = String.join(", ", Arrays.stream(RunStatus.values())
            .filter(RunStatus::isTerminal).map(status -> "'" + status.name() + "'").toList());

    /**
     * How long Caravan keeps what it stored (unset: for good).
     *
     * @param runs runs that have ended and started longer ago than this are removed, with their steps
     * @param events events stored longer ago than this are removed
     * @param batch the most rows removed in one transaction
     */
    @ConfigurationProperties("caravan.retention")
    public record RetentionProperties(Duration runs, Duration events, @DefaultValue("500") int batch) {

        /** @throws IllegalArgumentException for a retention that is not positive, or a batch below 1 */
        public RetentionProperties {
            requirePositive("runs", runs);
            requirePositive("events", events);
            if (batch < 1) {
                throw new IllegalArgumentException("caravan.retention.batch must be at least 1, not " + batch);
            }
        }

        private static void requirePositive(String name, Duration retention) {
            if (retention != null && (retention.isNegative() || retention.isZero())) {
                throw new IllegalArgumentException("caravan.retention." + name + " must be longer than 0, not "
                        + retention + " (leave it unset to keep everything)");
            }
        }
    }

    /** What one sweep removed. */
    public record Removed(int runs, int events) {
    }

    private final JdbcTemplate jdbc;
    private final RetentionProperties settings;
    private final Clock clock;
    private final Counter runsRemoved;
    private final Counter eventsRemoved;

    Retention(JdbcTemplate jdbc, RetentionProperties settings, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
        this.runsRemoved = Counter.builder("caravan.retention.removed").tag("what", "runs")
                .description("rows removed because they were older than the retention").register(meters);
        this.eventsRemoved = Counter.builder("caravan.retention.removed").tag("what", "events")
                .description("rows removed because they were older than the retention").register(meters);
    }

    /** Removes what the settings no longer keep; nothing when no retention is set. */
    public Removed sweep() {
        Instant now = clock.instant();
        int runs = settings.runs() == null ? 0 : removeRunsStartedBefore(now.minus(settings.runs()));
        int events = settings.events() == null ? 0 : removeEventsStoredBefore(now.minus(settings.events()));
        if (runs > 0 || events > 0) {
            LOG.info("Retention removed {} ended runs and {} events", runs, events);
        }
        runsRemoved.increment(runs);
        eventsRemoved.increment(events);
        return new Removed(runs, events);
    }

    /**
     * Ended runs that started before {@code cutoff}, oldest first (the start time is indexed; a run
     * ends after it starts, so none of them ended after the cutoff either). A run still going is kept,
     * however old: a wait for a signal may last for weeks.
     */
    private int removeRunsStartedBefore(Instant cutoff) {
        int removed = 0;
        while (true) {
            List<String> ids = jdbc.queryForList("SELECT run_id FROM runs WHERE start_time < ? AND status IN (" + ENDED
                    + ") ORDER BY start_time FETCH FIRST " + settings.batch() + " ROWS ONLY", String.class,
                    Timestamp.from(cutoff));
            if (ids.isEmpty()) {
                return removed;
            }
            // steps and hooks go with their run (ON DELETE CASCADE)
            removed += jdbc.update("DELETE FROM runs WHERE run_id IN (" + placeholders(ids.size()) + ")", ids.toArray());
            if (ids.size() < settings.batch()) {
                return removed;
            }
        }
    }

    /**
     * Events stored before {@code cutoff}. Ids grow with time, so the old events are the first ones by
     * id: each batch reads the first rows by id, the primary key, and removes those older than the
     * cutoff, up to the first that is not.
     */
    private int removeEventsStoredBefore(Instant cutoff) {
        int removed = 0;
        while (true) {
            List<Map<String, Object>> first = jdbc.queryForList("SELECT id, occurred_at FROM events ORDER BY id FETCH FIRST "
                    + settings.batch() + " ROWS ONLY");
            long lastOld = -1;
            boolean reachedNewer = false;
            for (Map<String, Object> row : first) {
                if (!instant(row.get("occurred_at")).isBefore(cutoff)) {
                    reachedNewer = true;
                    break;
                }
                lastOld = ((Number) row.get("id")).longValue();
            }
            if (lastOld >= 0) {
                removed += jdbc.update("DELETE FROM events WHERE id <= ? AND occurred_at < ?", lastOld,
                        Timestamp.from(cutoff));
            }
            if (reachedNewer || first.size() < settings.batch()) {
                return removed;
            }
        }
    }

    private static Instant instant(Object column) {
        return switch (column) {
            case Timestamp timestamp -> timestamp.toInstant();
            case java.time.OffsetDateTime offset -> offset.toInstant();
            default -> throw new IllegalStateException("unexpected time column " + column.getClass());
        };
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
