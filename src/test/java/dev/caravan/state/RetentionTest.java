package dev.caravan.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.event.Event;
import dev.caravan.run.RunRecord;
import dev.caravan.run.RunStatus;
import dev.caravan.run.StepResult;
import dev.caravan.testing.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the retention removes and what it keeps, on both databases, in batches smaller than the work. */
class RetentionTest {

    static Stream<Arguments> databases() throws Exception {
        return Stream.of(Arguments.of("postgresql", TestDatabases.postgres()), Arguments.of("h2", TestDatabases.h2()));
    }

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @RegisterExtension
    final EventFixtures fixtures = new EventFixtures();
    private EventFixture events;

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void endedRunsAndEventsOlderThanTheRetentionGoAndEverythingElseStays(String name, DataSource dataSource) {
        events = fixtures.over(dataSource);
        // events first, oldest first: ids grow with time, as they do when Caravan stores them
        for (int daysAgo : List.of(10, 10, 9, 8, 6, 1)) {
            events.store.append("test.event", NOW.minus(daysAgo, ChronoUnit.DAYS), daysAgo + "-days-ago", Map.of(),
                    Function.identity()).join();
        }
        JdbcRunStore runs = new JdbcRunStore(events.jdbc, events.committer, events.store, new ObjectMapper());
        endedRun(runs, "ended-40-days-ago", 40);
        endedRun(runs, "ended-35-days-ago", 35);
        endedRun(runs, "ended-31-days-ago", 31);
        endedRun(runs, "ended-10-days-ago", 10);
        runs.create(run("waiting-since-60-days", 60));
        Retention retention = new Retention(events.jdbc,
                new Retention.RetentionProperties(Duration.ofDays(30), Duration.ofDays(7), 2),
                Clock.fixed(NOW, ZoneOffset.UTC), new SimpleMeterRegistry());

        Retention.Removed removed = retention.sweep();

        assertThat(removed).isEqualTo(new Retention.Removed(3, 4));
        assertThat(events.jdbc.queryForList("SELECT run_id FROM runs ORDER BY run_id", String.class))
                .as("runs that started within 30 days, and a run still going however old")
                .containsExactly("ended-10-days-ago", "waiting-since-60-days");
        assertThat(events.jdbc.queryForObject("SELECT COUNT(*) FROM step_executions WHERE run_id LIKE 'ended-3%' "
                + "OR run_id LIKE 'ended-4%'", Integer.class)).as("the steps of the runs removed").isZero();
        assertThat(events.store.query(0, "test.event", null, 100)).extracting(Event::correlationId)
                .as("events stored within 7 days").containsExactly("6-days-ago", "1-days-ago");
        assertThat(retention.sweep()).isEqualTo(new Retention.Removed(0, 0));
    }

    @Test
    void aRetentionMustBeLongerThanZeroAndABatchAtLeastOne() {
        assertThatThrownBy(() -> new Retention.RetentionProperties(Duration.ZERO, null, 500))
                .hasMessageContaining("caravan.retention.runs must be longer than 0");
        assertThatThrownBy(() -> new Retention.RetentionProperties(null, Duration.ofDays(-1), 500))
                .hasMessageContaining("caravan.retention.events must be longer than 0");
        assertThatThrownBy(() -> new Retention.RetentionProperties(null, null, 0))
                .hasMessageContaining("caravan.retention.batch must be at least 1");
    }

    private void endedRun(JdbcRunStore runs, String runId, int daysAgo) {
        RunRecord run = run(runId, daysAgo);
        runs.create(run);
        runs.updateStatus(runId, RunStatus.RUNNING, null, null);
        runs.end(runId, RunStatus.SUCCESS, run.startTime().plusSeconds(60), null,
                events.report("workflow.execution.completed", runId, Map.of()));
    }

    private static RunRecord run(String runId, int daysAgo) {
        return new RunRecord(runId, "build", "Build", "1.0.0", 1, RunStatus.QUEUED, Map.of(),
                NOW.minus(daysAgo, ChronoUnit.DAYS), null, null,
                List.of(StepResult.pending("scaffold", "scaffold", "agent6")), List.of());
    }
}
