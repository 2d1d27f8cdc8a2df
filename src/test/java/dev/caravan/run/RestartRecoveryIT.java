package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caravan.testing.StubAgent;
import dev.caravan.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Caravan starting on a database that a stopped Caravan left behind: a stored revision, and a run
 * that was in flight with its first step done and its second step running. The start compiles the
 * revision again and resumes the run: the first step is not called again, the second is called
 * with the same Idempotency-Key, and the run ends in success. A run that pinned a revision the
 * store no longer has cannot be resumed: it ends failed, saying why, with its completion event.
 * A revision stored before today's limits (a step id over 100 characters, a name of more UTF-16
 * units than its column's characters, more steps than caravan.workflows.max-steps) is loaded
 * as it was stored: the workflow is there, its interrupted run finishes, a new run succeeds.
 */
@DisabledIfSystemProperty(named = "caravan.it.database", matches = "h2",
        disabledReason = "it seeds a PostgreSQL schema of its own, whatever the phase's database: once, in the PostgreSQL phase")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "caravan.security.admin-password=recovery", "caravan.workflows.max-steps=2" })
class RestartRecoveryIT {

    private static final StubAgent STUB = new StubAgent();
    private static final String WORKFLOW = """
            id: recovered
            name: Recovered
            steps:
              - { id: first, agent: flow, action: first }
              - { id: second, agent: flow, action: second, params: { token: "${first.token}" } }
            """;
    /** 150 characters: step_executions.step_id (200) took it before the schema said 100. */
    private static final String LONG_STEP_ID = "s" + "x".repeat(149);
    /**
     * 260 code points, 520 UTF-16 units: PostgreSQL's VARCHAR(500) counts the former, so it took
     * this name, which the binder now counts as H2 does.
     */
    private static final String WIDE_NAME = "\uD83D\uDE9A".repeat(260);
    /** Three steps, one more than this test's caravan.workflows.max-steps. */
    private static final String BEFORE_LIMITS = """
            id: before-limits
            name: "%s"
            steps:
              - { id: %s, agent: flow, action: early }
              - { id: second, agent: flow, action: middle, params: { token: "${%s.token}" } }
              - { id: third, agent: flow, action: late }
            """.formatted(WIDE_NAME, LONG_STEP_ID, LONG_STEP_ID);

    @Autowired
    private RunStore runs;
    @Autowired
    private dev.caravan.event.EventBus events;
    @Autowired
    private WorkflowCatalog catalog;
    @Autowired
    private WorkflowOrchestrator orchestrator;

    @DynamicPropertySource
    static void leftBehind(DynamicPropertyRegistry registry) throws Exception {
        String schema = TestDatabases.freshSchema();
        DataSource dataSource = DataSourceBuilder.create().url(TestDatabases.postgresUrl(schema))
                .username(TestDatabases.POSTGRES_USER).password("").build();
        Flyway.configure().dataSource(dataSource).schemas(schema).locations("classpath:db/migration").load().migrate();
        writeWhatAStoppedCaravanLeft(new JdbcTemplate(dataSource));
        registry.add("spring.datasource.url", () -> TestDatabases.postgresUrl(schema));
        registry.add("spring.datasource.username", () -> TestDatabases.POSTGRES_USER);
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.flyway.schemas", () -> schema);
        Path agents = Files.createTempFile("caravan-recovery-agents", ".yml");
        Files.writeString(agents, """
                agents:
                  - id: flow
                    name: Stub
                    tier: platform
                    instances: [ "http://127.0.0.1:%d/flow" ]
                """.formatted(STUB.port()));
        registry.add("caravan.agents.file", agents::toString);
        registry.add("caravan.workflows.dir", () -> "target/no-workflows-here");
    }

    private static void writeWhatAStoppedCaravanLeft(JdbcTemplate jdbc) {
        Timestamp earlier = Timestamp.from(Instant.now().minusSeconds(30));
        jdbc.update("INSERT INTO workflow_revisions VALUES ('recovered', 1, '1.0.0', 'Recovered', 'recovered.yml', ?, "
                + "'sha256:test', ?)", WORKFLOW, earlier);
        jdbc.update("INSERT INTO runs VALUES ('interrupted-run', 'recovered', 'Recovered', '1.0.0', 1, 'RUNNING', '{}', ?, "
                + "NULL, NULL)", earlier);
        jdbc.update("INSERT INTO step_executions VALUES ('interrupted-run', 'first', 1, 'first', 'flow', 'SUCCESS', "
                + "'{\"token\":\"from-before\"}', NULL, 1, ?, ?, 'http://127.0.0.1/flow', NULL, NULL)", earlier, earlier);
        jdbc.update("INSERT INTO step_executions VALUES ('interrupted-run', 'second', 2, 'second', 'flow', 'RUNNING', "
                + "NULL, NULL, 0, ?, NULL, NULL, NULL, NULL)", earlier);
        jdbc.update("INSERT INTO runs VALUES ('unresumable-run', 'recovered', 'Recovered', '1.0.0', 7, 'RUNNING', '{}', ?, "
                + "NULL, NULL)", earlier);
        jdbc.update("INSERT INTO workflow_revisions VALUES ('before-limits', 1, '1.0.0', ?, 'before-limits.yml', ?, "
                + "'sha256:before-limits', ?)", WIDE_NAME, BEFORE_LIMITS, earlier);
        jdbc.update("INSERT INTO runs VALUES ('run-before-limits', 'before-limits', ?, '1.0.0', 1, 'RUNNING', '{}', ?, "
                + "NULL, NULL)", WIDE_NAME, earlier);
        jdbc.update("INSERT INTO step_executions VALUES ('run-before-limits', ?, 1, ?, 'flow', 'SUCCESS', "
                + "'{\"token\":\"long-before\"}', NULL, 1, ?, ?, 'http://127.0.0.1/flow', NULL, NULL)",
                LONG_STEP_ID, LONG_STEP_ID, earlier, earlier);
        jdbc.update("INSERT INTO step_executions VALUES ('run-before-limits', 'second', 2, 'second', 'flow', 'RUNNING', "
                + "NULL, NULL, 0, ?, NULL, NULL, NULL, NULL)", earlier);
        jdbc.update("INSERT INTO step_executions VALUES ('run-before-limits', 'third', 3, 'third', 'flow', 'PENDING', "
                + "NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL)");
    }

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    @Test
    void theInterruptedRunFinishesWithoutRepeatingItsCompletedStep() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(runs.find("interrupted-run").orElseThrow().status()).isEqualTo(RunStatus.SUCCESS));

        assertThat(STUB.requests("flow", "first")).isEmpty();
        assertThat(STUB.requests("flow", "second")).singleElement().satisfies(call -> {
            assertThat(call.idempotencyKey()).isEqualTo("interrupted-run:second");
            assertThat(call.body().get("params")).isEqualTo(java.util.Map.of("token", "from-before"));
        });
    }

    @Test
    void aRevisionStoredBeforeTodaysLimitsIsLoadedAndItsRunsGoOn() {
        assertThat(catalog.latest("before-limits")).hasValueSatisfying(workflow -> {
            assertThat(workflow.revision()).isEqualTo(1);
            assertThat(workflow.definition().name()).isEqualTo(WIDE_NAME);
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(runs.find("run-before-limits").orElseThrow().status()).isEqualTo(RunStatus.SUCCESS));
        assertThat(STUB.requests("flow", "early")).isEmpty();
        assertThat(STUB.requests("flow", "middle")).singleElement().satisfies(call -> {
            assertThat(call.idempotencyKey()).isEqualTo("run-before-limits:second");
            assertThat(call.body().get("params")).isEqualTo(java.util.Map.of("token", "long-before"));
        });

        WorkflowResult fresh = orchestrator.execute(WorkflowOrchestrator.ExecuteRequest.of("before-limits", java.util.Map.of()));

        assertThat(fresh.status()).isEqualTo("success");
        assertThat(fresh.steps()).extracting(WorkflowResult.Step::stepId)
                .containsExactly(LONG_STEP_ID, "second", "third");
    }

    @Test
    void aRunWhoseRevisionIsGoneEndsFailedWithItsReasonAndItsEvent() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(runs.find("unresumable-run").orElseThrow().status()).isEqualTo(RunStatus.FAILURE));

        assertThat(runs.find("unresumable-run").orElseThrow().error()).startsWith("could not be resumed: ")
                .contains("revision 7");
        assertThat(events.after(0, "workflow.execution.completed", "unresumable-run", 10)).singleElement()
                .satisfies(event -> assertThat(event.data()).containsEntry("status", "failure")
                        .containsEntry("workflow", "recovered"));
    }
}
