import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code bench/run} tells the driver, from the environment ({@code BENCH_*}): where Caravan,
 * the stub and the database are, the start-up times it measured (without and with the start-up cache of bin/aot-cache), and the mode. The sizes of each
 * measure in full and quick mode are here too, in one place.
 */
record Settings(String caravanUrl, String stubUrl, String jdbcUrl, String adminPassword, Path workflowsDir,
        boolean quick, Path output, Double startupH2Ms, Double startupPostgresMs, Double startupH2CachedMs,
        Double startupPostgresCachedMs, Double startupFloorMs, Duration quietPeriod, String caravanJvm, Set<String> only) {

    static Settings fromEnvironment() {
        Map<String, String> env = System.getenv();
        return new Settings(env.get("BENCH_CARAVAN_URL"), env.get("BENCH_STUB_URL"), env.get("BENCH_JDBC_URL"),
                env.get("BENCH_ADMIN_PASSWORD"), Path.of(env.get("BENCH_WORKFLOWS_DIR")),
                "1".equals(env.get("BENCH_QUICK")), Path.of(env.get("BENCH_OUTPUT")),
                number(env.get("BENCH_STARTUP_H2_MS")), number(env.get("BENCH_STARTUP_PG_MS")),
                number(env.get("BENCH_STARTUP_H2_AOT_MS")), number(env.get("BENCH_STARTUP_PG_AOT_MS")),
                number(env.get("BENCH_STARTUP_FLOOR_MS")),
                Duration.ofMillis(Long.parseLong(env.getOrDefault("BENCH_QUIET_PERIOD_MS", "500"))),
                env.getOrDefault("BENCH_CARAVAN_JVM", ""), measuresNamed(env.getOrDefault("BENCH_ONLY", "")));
    }

    private static Set<String> measuresNamed(String list) {
        Set<String> names = new TreeSet<>();
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        Set<String> known = Set.of("overhead", "parallel", "throughput", "starts", "many", "drop", "startup");
        if (!known.containsAll(names)) {
            throw new IllegalArgumentException("BENCH_ONLY names unknown measures: " + names + "; known: " + known);
        }
        return names;
    }

    /** Whether the measure of this name runs: all do, unless {@code bench/run --only} named some. */
    boolean measures(String name) {
        return only.isEmpty() || only.contains(name);
    }

    private static Double number(String text) {
        return text == null || text.isBlank() ? null : Double.valueOf(text);
    }

    /**
     * Runs in flight of the overhead measure. Quick mode keeps every concurrency small: it only
     * checks that each figure comes out, and must stay fast on an engine that struggles under load.
     */
    int[] overheadInFlight() {
        return quick ? new int[] {1, 2} : new int[] {1, 16};
    }

    int[] throughputInFlight() {
        return quick ? new int[] {2, 4, 8} : new int[] {16, 64, 256};
    }

    int startClients() {
        return quick ? 4 : 32;
    }

    /** Concurrent clients that submit the many runs. */
    int manySubmitters() {
        return quick ? 4 : 64;
    }

    /** How long each closed-loop load lasts. */
    Duration loadTime() {
        return quick ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
    }

    /** The "many runs in flight" measure: 10,000 runs on a 5 s agent; quick: 20 on a 1 s agent. */
    int manyRuns() {
        return quick ? 20 : 10_000;
    }

    long slowAgentMillis() {
        return quick ? 1000 : 5000;
    }

    /** How long the many-runs measure submits and waits for its runs to end before it reports what it has. */
    Duration manyRunsLimit() {
        return quick ? Duration.ofSeconds(30) : Duration.ofSeconds(240);
    }
}
