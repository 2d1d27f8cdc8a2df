package dev.caravan.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.run.RunQuery;
import dev.caravan.run.RunRecord;
import dev.caravan.run.RunStatus;
import dev.caravan.run.StepResult;
import dev.caravan.run.StepStatus;
import dev.caravan.testing.TestDatabases;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.run.RunLeases;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The run store on both databases Caravan supports: what is saved is what is read back. */
class JdbcRunStoreTest {

    static Stream<Arguments> databases() throws Exception {
        return Stream.of(Arguments.of("postgresql", TestDatabases.postgres()), Arguments.of("h2", TestDatabases.h2()));
    }

    @org.junit.jupiter.api.extension.RegisterExtension
    final EventFixtures fixtures = new EventFixtures();
    private EventFixture events;

    private JdbcRunStore store(DataSource dataSource) {
        events = fixtures.over(dataSource);
        return new JdbcRunStore(events.jdbc, events.committer, events.store, new ObjectMapper());
    }

    /** Ends a run as the launcher does, with its event. */
    private void end(JdbcRunStore store, String runId, RunStatus status, Instant at, String error) {
        store.end(runId, status, at, error, events.report("workflow.execution.completed", runId,
                Map.of("status", status.wireName())));
    }

    private static final Instant START = Instant.parse("2026-11-21T10:00:00.123456Z");

    private static RunRecord run(String runId, Instant start) {
        return new RunRecord(runId, "build", "Build", "1.0.0", 2, RunStatus.QUEUED,
                Map.of("project", "demo", "files", List.of("a", "b")), start, null, null,
                List.of(StepResult.pending("scaffold", "scaffold", "agent6"), StepResult.pending("deploy", "deploy", "agent19")),
                List.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRunAndEachStepTransitionAreReadBackAsSaved(String name, DataSource dataSource) {
        JdbcRunStore store = store(dataSource);
        store.create(run("run-1", START));
        store.updateStatus("run-1", RunStatus.RUNNING, null, null);
        StepResult done = new StepResult("scaffold", "scaffold", "agent6", StepStatus.SUCCESS,
                Map.of("path", "/tmp/x", "files", 12, "nested", Map.of("ok", true)), null, 2, START.plusSeconds(1),
                START.plusSeconds(2), "http://127.0.0.1:4100/agent6");
        store.saveStep("run-1", done);
        store.saveStep("run-1", new StepResult("load[0]", "load", "agent16", StepStatus.FAILURE, null, "boom", 3,
                START.plusSeconds(3), START.plusSeconds(4), null));
        store.saveHook("run-1", new RunRecord.HookResult("agent9.log_error", true, null));
        store.saveHook("run-1", new RunRecord.HookResult("notify slack", false, "SLACK_WEBHOOK_URL is not set"));
        end(store, "run-1", RunStatus.FAILURE, START.plusSeconds(5), "step load[0] failed");

        RunRecord read = store.find("run-1").orElseThrow();

        assertThat(read.status()).isEqualTo(RunStatus.FAILURE);
        assertThat(read.params()).isEqualTo(Map.of("project", "demo", "files", List.of("a", "b")));
        assertThat(read.startTime()).isEqualTo(START.truncatedTo(ChronoUnit.MICROS));
        assertThat(read.endTime()).isEqualTo(START.plusSeconds(5));
        assertThat(read.error()).isEqualTo("step load[0] failed");
        assertThat(read.steps()).extracting(StepResult::key).containsExactly("scaffold", "deploy", "load[0]");
        assertThat(read.steps().getFirst()).isEqualTo(done);
        assertThat(read.steps().get(1).status()).isEqualTo(StepStatus.PENDING);
        assertThat(read.steps().get(2).error()).isEqualTo("boom");
        assertThat(read.hooks()).containsExactly(new RunRecord.HookResult("agent9.log_error", true, null),
                new RunRecord.HookResult("notify slack", false, "SLACK_WEBHOOK_URL is not set"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void stepWritesCommittedInOneBatchAddANewIterationOnceAndKeepItsLatestState(String name, DataSource dataSource)
            throws Exception {
        JdbcRunStore store = store(dataSource);
        GroupCommitter committer = events.committer;
        store.create(run("run-b", START));
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        committer.submit(jdbc -> {
            try {
                return release.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        StepResult iteration = new StepResult("load[1]", "load", "agent6", StepStatus.RUNNING, null, null, 0, START,
                null, null);

        // all three wait behind the held group: one group, one batch of step updates
        store.saveStepWithoutWaiting("run-b", iteration);
        store.saveStepWithoutWaiting("run-b", new StepResult("scaffold", "scaffold", "agent6", StepStatus.RUNNING, null,
                null, 0, START, null, null));
        java.util.concurrent.CompletableFuture<Void> succeeded = java.util.concurrent.CompletableFuture.runAsync(
                () -> store.saveStep("run-b", new StepResult("load[1]", "load", "agent6", StepStatus.SUCCESS,
                        Map.of("rows", 3), null, 1, START, START.plusSeconds(1), null)));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (events.meters.get("caravan.state.commit.waiting").gauge().value() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        release.countDown();
        succeeded.get(30, java.util.concurrent.TimeUnit.SECONDS);

        RunRecord read = store.find("run-b").orElseThrow();
        assertThat(read.steps()).extracting(StepResult::key).containsExactly("scaffold", "deploy", "load[1]");
        assertThat(read.steps()).extracting(StepResult::status)
                .containsExactly(StepStatus.RUNNING, StepStatus.PENDING, StepStatus.SUCCESS);
        assertThat(read.steps().get(2).output()).isEqualTo(Map.of("rows", 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRunMovesOnlyAlongItsLegalTransitions(String name, DataSource dataSource) {
        JdbcRunStore store = store(dataSource);
        store.create(run("run-2", START));
        store.updateStatus("run-2", RunStatus.RUNNING, null, null);
        end(store, "run-2", RunStatus.SUCCESS, START.plusSeconds(1), null);

        assertThatThrownBy(() -> store.updateStatus("run-2", RunStatus.RUNNING, null, null))
                .isInstanceOf(IllegalStateException.class).hasMessage("run run-2 cannot go from SUCCESS to RUNNING");
        assertThatThrownBy(() -> store.updateStatus("nope", RunStatus.RUNNING, null, null))
                .hasMessage("no run nope");
        assertThatThrownBy(() -> store.updateStatus("run-2", RunStatus.FAILURE, START, "no event"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use end");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRunsEndAndItsEventCommitTogetherAndARefusedEndStoresNoEvent(String name, DataSource dataSource) {
        JdbcRunStore store = store(dataSource);
        store.create(run("run-3", START));

        end(store, "run-3", RunStatus.CANCELLED, START.plusSeconds(2), "cancelled");
        assertThatThrownBy(() -> end(store, "run-3", RunStatus.SUCCESS, START.plusSeconds(3), null))
                .isInstanceOf(IllegalStateException.class).hasMessage("run run-3 cannot go from CANCELLED to SUCCESS");
        assertThatThrownBy(() -> end(store, "nope", RunStatus.SUCCESS, START, null)).hasMessage("no run nope");

        assertThat(store.find("run-3").orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(events.storedOf("run-3")).as("the end's event, and none for the end refused")
                .singleElement().satisfies(event -> {
                    assertThat(event.type()).isEqualTo("workflow.execution.completed");
                    assertThat(event.data()).containsEntry("status", "cancelled");
                });
        assertThat(events.storedOf("nope")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void runsAreListedNewestFirstPageByPageAndByStatusOrWorkflow(String name, DataSource dataSource) {
        JdbcRunStore store = store(dataSource);
        store.create(run("older", START));
        store.create(run("newer", START.plusSeconds(60)));
        store.create(run("middle", START.plusSeconds(30)));
        store.create(run("same-time-b", START.plusSeconds(10)));
        store.create(run("same-time-a", START.plusSeconds(10)));
        store.updateStatus("middle", RunStatus.RUNNING, null, null);

        RunQuery.Page first = store.list(new RunQuery(null, null, 2, null));
        assertThat(first.runs()).extracting(RunRecord::runId).containsExactly("newer", "middle");
        RunQuery.Page second = store.list(new RunQuery(null, null, 2, RunQuery.Cursor.decode(first.nextCursor())));
        assertThat(second.runs()).extracting(RunRecord::runId).containsExactly("same-time-b", "same-time-a");
        RunQuery.Page last = store.list(new RunQuery(null, null, 2, RunQuery.Cursor.decode(second.nextCursor())));
        assertThat(last.runs()).extracting(RunRecord::runId).containsExactly("older");
        assertThat(last.nextCursor()).isNull();

        assertThat(store.list(new RunQuery(RunStatus.RUNNING, null, 10, null)).runs())
                .extracting(RunRecord::runId).containsExactly("middle");
        assertThat(store.list(new RunQuery(null, "other", 10, null)).runs()).isEmpty();
        assertThat(store.find("missing")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentReadersNeverHoldTwoConnectionsAtOnce(String name, DataSource dataSource) throws Exception {
        JdbcRunStore setup = store(dataSource);
        setup.create(run("read-1", START));
        setup.saveHook("read-1", new RunRecord.HookResult("agent9.log_error", true, null));
        // one pooled connection: a reader that needed a second while holding the first would time out
        try (HikariDataSource single = singleConnectionPool(dataSource);
                var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            JdbcRunStore store = store(single);
            List<java.util.concurrent.Future<RunRecord>> reads = java.util.stream.IntStream.range(0, 10)
                    .mapToObj(i -> threads.submit(() -> store.find("read-1").orElseThrow())).toList();
            for (var read : reads) {
                RunRecord found = read.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(found.steps()).hasSize(2);
                assertThat(found.hooks()).hasSize(1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRunCreatedWithALeaseIsOwnedFromItsInsert(String name, DataSource dataSource) {
        JdbcRunStore store = store(dataSource);
        Instant until = START.plusSeconds(15);
        store.create(run("leased", START), new RunLeases.Lease("node-a", until));
        store.create(run("free", START));

        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject("SELECT owner FROM runs WHERE run_id = 'leased'", String.class))
                .isEqualTo("node-a");
        assertThat(jdbc.queryForObject("SELECT lease_until FROM runs WHERE run_id = 'leased'",
                java.sql.Timestamp.class).toInstant()).isEqualTo(until.truncatedTo(ChronoUnit.MICROS));
        assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM runs WHERE run_id = 'free' AND owner IS NULL", Integer.class)).isOne();
    }

    private static HikariDataSource singleConnectionPool(DataSource dataSource) throws Exception {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        HikariDataSource source = (HikariDataSource) dataSource;
        config.setJdbcUrl(source.getJdbcUrl());
        config.setUsername(source.getUsername());
        config.setPassword(source.getPassword());
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(2_000);
        return new HikariDataSource(config);
    }
}
