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
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "caravan.security.admin-password=recovery")
class RestartRecoveryIT {

    private static final StubAgent STUB = new StubAgent();
    private static final String WORKFLOW = """
            id: recovered
            name: Recovered
            steps:
              - { id: first, agent: flow, action: first }
              - { id: second, agent: flow, action: second, params: { token: "${first.token}" } }
            """;

    @Autowired
    private RunStore runs;
    @Autowired
    private dev.caravan.event.EventBus events;

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
