package dev.caravan.packaging;

import dev.caravan.testing.CaravanProcess;
import dev.caravan.testing.StubAgent;
import dev.caravan.testing.TestDatabases;
import java.io.IOException;
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
        Map<String, String> settings = new HashMap<>(CaravanProcess.oneStubAgent(agent, "ticker", workflows));
        settings.put("DATABASE_URL",
                "postgresql://" + TestDatabases.POSTGRES_USER + "@127.0.0.1:5432/test?currentSchema=" + schema);
        settings.put("SPRING_FLYWAY_SCHEMAS", schema);
        return settings;
    }
}
