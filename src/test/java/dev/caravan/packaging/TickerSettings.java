package dev.caravan.packaging;

import dev.caravan.testing.StubAgent;
import dev.caravan.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings of a Caravan process for the schedule tests: state in a PostgreSQL schema of the
 * test's own, one agent {@code ticker} on a stub, and a watched folder holding the given workflows.
 */
final class TickerSettings {

    private TickerSettings() {
    }

    /** @param workflows file name (without {@code .yml}) to workflow text */
    static Map<String, String> of(StubAgent agent, String schema, Map<String, String> workflows) throws IOException {
        Path folder = Files.createTempDirectory("caravan-schedules");
        Path agents = folder.resolve("agents.yml");
        Files.writeString(agents, """
                agents:
                  - id: ticker
                    name: Stub agent
                    tier: platform
                    instances: [ "http://127.0.0.1:%d/ticker" ]
                """.formatted(agent.port()));
        Path workflowsDir = Files.createDirectories(folder.resolve("workflows"));
        for (Map.Entry<String, String> workflow : workflows.entrySet()) {
            Files.writeString(workflowsDir.resolve(workflow.getKey() + ".yml"), workflow.getValue());
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("DATABASE_URL",
                "postgresql://" + TestDatabases.POSTGRES_USER + "@127.0.0.1:5432/test?currentSchema=" + schema);
        settings.put("SPRING_FLYWAY_SCHEMAS", schema);
        settings.put("CARAVAN_AGENTS_FILE", agents.toString());
        settings.put("CARAVAN_WORKFLOWS_DIR", workflowsDir.toString());
        return settings;
    }
}
