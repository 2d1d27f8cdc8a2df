package dev.caravan.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caravan.testing.CaravanProcess;
import dev.caravan.testing.StubAgent;
import dev.caravan.testing.TestDatabases;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Catch-up across a real stop: Caravan (the jar) runs two per-second schedules, is stopped, stays
 * down for some seconds, and is started again on the same database. The fires missed meanwhile
 * are handled by each workflow's {@code catchup:}: {@code latest} starts one run, for the latest
 * missed fire time; {@code none} starts none. Then both fire on as before.
 */
@DisabledIfSystemProperty(named = "caravan.it.database", matches = "h2",
        disabledReason = "it starts Caravan processes of its own, on the databases it chooses: once, in the PostgreSQL phase")
class ScheduleRestartIT {

    @Test
    void afterAStopLatestRunsTheLatestMissedFireOnceAndNoneRunsNothing() throws Exception {
        try (StubAgent agent = new StubAgent()) {
            String schema = TestDatabases.freshSchema();
            Map<String, String> settings = settings(agent, schema);
            Instant lastLatest;
            Instant lastNone;
            try (CaravanProcess before = new CaravanProcess(settings).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        lastFire(schema, "catchup-latest").isPresent() && lastFire(schema, "catchup-none").isPresent());
            }
            // stopped: its last fires are in the database, the fires of the coming seconds are missed
            lastLatest = lastFire(schema, "catchup-latest").orElseThrow();
            lastNone = lastFire(schema, "catchup-none").orElseThrow();
            Thread.sleep(3000);

            try (CaravanProcess after = new CaravanProcess(settings).start()) {
                Instant readyBy = Instant.now();
                await().atMost(Duration.ofSeconds(30)).until(() -> runTimes(schema, "catchup-latest").stream()
                        .anyMatch(time -> time.isAfter(readyBy)) && runTimes(schema, "catchup-none").stream()
                        .anyMatch(time -> time.isAfter(readyBy)));

                Instant missedLatestUntil = missedUntil(after.log(), "catchup-latest");
                Instant missedNoneUntil = missedUntil(after.log(), "catchup-none");
                assertThat(missedLatestUntil).as("seconds missed while down").isAfter(lastLatest.plusSeconds(3));
                assertThat(missedNoneUntil).isAfter(lastNone.plusSeconds(3));
                assertThat(between(runTimes(schema, "catchup-latest"), lastLatest, missedLatestUntil))
                        .as("latest: one run, for the latest missed fire").containsExactly(missedLatestUntil);
                assertThat(between(runTimes(schema, "catchup-none"), lastNone, missedNoneUntil))
                        .as("none: no run for the missed fires").isEmpty();
            }
        }
    }

    /**
     * The latest missed fire time, as Caravan reports its catch-up at start-up: "Workflow X missed N
     * fires after T; catchup: P runs [...]". The missed fires are the N seconds after T.
     */
    private static Instant missedUntil(String log, String workflow) {
        String marker = "Workflow " + workflow + " missed ";
        int at = log.lastIndexOf(marker);
        assertThat(at).as("the start-up reports the fires " + workflow + " missed").isNotNegative();
        String line = log.substring(at + marker.length(), log.indexOf('\n', at));
        long missed = Long.parseLong(line.substring(0, line.indexOf(' ')));
        String after = line.substring(line.indexOf(" after ") + 7, line.indexOf(';'));
        return Instant.parse(after).plusSeconds(missed);
    }

    private static Set<Instant> between(Set<Instant> times, Instant after, Instant upTo) {
        Set<Instant> found = new TreeSet<>();
        times.stream().filter(time -> time.isAfter(after) && !time.isAfter(upTo)).forEach(found::add);
        return found;
    }

    /** The latest fire recorded for a workflow: a run started, queued or skipped. */
    private static Optional<Instant> lastFire(String schema, String workflow) throws SQLException {
        try (Connection connection = connect(schema);
                PreparedStatement query = connection.prepareStatement(
                        "SELECT MAX(fire_time) FROM schedule_fires WHERE workflow_id = ?")) {
            query.setString(1, workflow);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return Optional.ofNullable(row.getTimestamp(1)).map(java.sql.Timestamp::toInstant);
            }
        }
    }

    /** The fire times that started a run of the workflow. */
    private static Set<Instant> runTimes(String schema, String workflow) throws SQLException {
        Set<Instant> times = new TreeSet<>();
        try (Connection connection = connect(schema);
                PreparedStatement query = connection.prepareStatement(
                        "SELECT fire_time FROM schedule_fires WHERE workflow_id = ? AND run_id IS NOT NULL")) {
            query.setString(1, workflow);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    times.add(rows.getTimestamp(1).toInstant());
                }
            }
        }
        return times;
    }

    private static Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection(TestDatabases.postgresUrl(schema), TestDatabases.POSTGRES_USER, "");
    }

    private static Map<String, String> settings(StubAgent agent, String schema) throws IOException {
        Map<String, String> workflows = new java.util.HashMap<>();
        for (String catchup : new String[] {"latest", "none"}) {
            workflows.put("catchup-" + catchup, """
                    name: Every second, catch-up %s
                    schedule: "* * * * * ?"
                    catchup: %s
                    # a run the stop left going would, at the default limit of 1, skip the catch-up fire
                    concurrency: { limit: 10 }
                    steps:
                      - { id: tick, agent: ticker, action: tick }
                    """.formatted(catchup, catchup));
        }
        Map<String, String> settings = TickerSettings.of(agent, schema, workflows);
        settings.put("CARAVAN_NODE_ID", "restarted-node");
        return settings;
    }
}
