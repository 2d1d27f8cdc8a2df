import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The benchmark driver. {@code bench/run} has started the stub agent and Caravan (on PostgreSQL)
 * and timed their start-ups; this program measures everything else, each figure beside a lower
 * bound measured in the same run against the same stub and database, then prints the Markdown
 * table and writes the JSON file. Settings come from the environment ({@code BENCH_*}, see
 * {@link Settings}). Exit status 1 when a figure could not be produced.
 */
public final class Bench {

    /** The stub latency of the overhead measures: long enough to be "an agent", short enough for many runs. */
    static final long STEP_LATENCY_MS = 10;
    static final int STEPS = 5;
    /** Sequential 5-step workflow: five stages of one call. Parallel: a 3-branch step in the middle. */
    static final int[] SEQUENTIAL = {1, 1, 1, 1, 1};
    static final int[] PARALLEL = {1, 3, 1, 1, 1};

    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(30)).build();
    private final CaravanApi caravan;
    private final CaravanRuns runs;
    private final RawCalls raw;
    private final DurableFloor floor;
    private final Report report = new Report();
    /** Details beside the table's figures: counts, errors, load averages; written to the JSON file. */
    private final Map<String, Object> details = new LinkedHashMap<>();

    /** Bytes in a MiB, the unit of the JVM's heap settings (-Xmx512m). */
    static final double MIB = 1024 * 1024;

    private Bench(Settings settings) throws Exception {
        this.settings = settings;
        this.caravan = new CaravanApi(http, settings.caravanUrl(), settings.adminPassword());
        this.runs = new CaravanRuns(settings.jdbcUrl());
        this.raw = new RawCalls(http, settings.stubUrl());
        this.floor = new DurableFloor(raw, settings.jdbcUrl());
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnvironment();
        Bench bench = new Bench(settings);
        List<String> missing;
        try {
            missing = bench.measureAll();
        } finally {
            bench.floor.close();
        }
        if (!missing.isEmpty()) {
            System.err.println("bench: these figures were not produced: " + missing);
            System.exit(1);
        }
    }

    private List<String> measureAll() throws Exception {
        Instant started = Instant.now();
        details.put("loadAverage.start", loadAverage());
        // Each measure stands alone: one that fails leaves its figures empty, and the run goes on
        attempt("warm-up", this::warmUp);
        // each under the name bench/run --only knows it by
        attemptIfAsked("overhead", "step overhead", this::stepOverhead);
        attemptIfAsked("parallel", "parallel and condition", this::parallelOverhead);
        attemptIfAsked("throughput", "throughput", this::throughput);
        attemptIfAsked("starts", "run starts", this::runStarts);
        attemptIfAsked("many", "many runs in flight", this::manyInFlight);
        attemptIfAsked("drop", "file drop", this::fileDrop);
        if (settings.measures("startup")) {
            startup();
        }
        details.put("loadAverage.end", loadAverage());

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("startedAt", started.toString());
        result.put("mode", settings.quick() ? "quick" : settings.only().isEmpty() ? "full" : "only " + settings.only());
        result.put("machine", machine());
        result.put("figures", report.rows());
        result.put("details", details);
        Files.createDirectories(settings.output().getParent());
        Files.writeString(settings.output(), Report.json(result));
        String output = settings.output().toString();
        Files.writeString(Path.of(output.substring(0, output.length() - ".json".length()) + ".md"),
                "Run of " + started + " (" + result.get("mode") + ")\n\n" + report.markdown() + "\nMachine: " + machine() + "\n");

        System.out.println();
        System.out.println(report.markdown());
        System.out.println("Machine: " + machine());
        System.out.println("Details and the JSON: " + settings.output());
        return report.missing();
    }

    interface Measure {
        void run() throws Exception;
    }

    /** {@link #attempt} unless {@code bench/run --only} left the measure of this key out. */
    private void attemptIfAsked(String key, String name, Measure measure) {
        if (settings.measures(key)) {
            attempt(name, measure);
        }
    }

    private void attempt(String name, Measure measure) {
        try {
            // runs left over by the last measure (a slow engine's) must not load this one
            long leftOver = awaitQuiet(settings.quick() ? Duration.ofSeconds(30) : Duration.ofMinutes(2));
            if (leftOver > 0) {
                details.put("leftOverRuns." + name, leftOver);
            }
            System.out.println("== " + name + " (load average " + loadAverage() + ")");
            details.put("loadAverage." + name, loadAverage());
            measure.run();
        } catch (Exception e) {
            System.err.println("bench: " + name + " failed: " + e);
            details.put("failed." + name, e.toString());
        }
    }

    /**
     * JIT and connection pools of all three warmed up before anything is timed, on both shapes: a
     * parallel step runs code (Caravan's multicast and durable join) that a sequential one never
     * reaches, and measured cold it counted the JIT's work as the join's overhead.
     */
    private void warmUp() throws Exception {
        Duration time = settings.quick() ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
        int inFlight = settings.overheadInFlight()[1];
        floor.prepare(inFlight);
        Load.closedLoop(inFlight, time, () -> raw.call(0));
        Load.closedLoop(inFlight, time, () -> floor.runWorkflow(SEQUENTIAL, 0));
        Load.closedLoop(inFlight, time, () -> floor.runWorkflow(PARALLEL, 0));
        Load.closedLoop(inFlight, time, () -> caravan.execute("bench-seq5-zero", true));
        Load.closedLoop(inFlight, time, () -> caravan.execute("bench-parallel-timed", true));
    }

    /** Per-step overhead, p50 and p99, at 1 and 16 runs in flight, against an agent that takes 10 ms. */
    private void stepOverhead() throws Exception {
        for (int inFlight : settings.overheadInFlight()) {
            floor.prepare(inFlight);
            var rawCalls = Load.closedLoop(inFlight, settings.loadTime(), () -> raw.call(STEP_LATENCY_MS) - STEP_LATENCY_MS);
            var floorRuns = Load.closedLoop(inFlight, settings.loadTime(), () -> floor.runWorkflow(SEQUENTIAL, STEP_LATENCY_MS));
            List<Double> floorSteps = new ArrayList<>();
            for (double[] stages : floorRuns.results()) {
                for (double stage : stages) {
                    floorSteps.add(stage - STEP_LATENCY_MS);
                }
            }
            var caravanRuns = Load.closedLoop(inFlight, settings.loadTime(), () -> caravan.execute("bench-seq5-timed", true));
            List<Double> caravanSteps = runs.stepOverheads(caravanRuns.results(), STEP_LATENCY_MS);
            details.put("stepOverhead." + inFlight, Map.of("caravanRuns", caravanRuns.results().size(),
                    "caravanSteps", caravanSteps.size(), "caravanErrors", caravanRuns.failures(),
                    "caravanErrorSamples", caravanRuns.errors(), "floorRuns", floorRuns.results().size(),
                    "rawCalls", rawCalls.results().size()));
            // where a step's overhead goes: no floor has these parts, so they go to the details and
            // the log for reading, not into the table of ratios
            var parts = runs.stepParts(caravanRuns.results(), STEP_LATENCY_MS);
            Map<String, Double> split = new LinkedHashMap<>();
            for (int percentile : new int[] {50, 99}) {
                split.put("beforeCall.p" + percentile, Stats.percentile(parts.beforeCall(), percentile));
                split.put("inCall.p" + percentile, Stats.percentile(parts.inCall(), percentile));
            }
            details.put("stepOverheadParts." + inFlight, split);
            System.out.println("  per-step overhead at " + inFlight + " in flight, before the call (p50/p99): "
                    + Report.format(split.get("beforeCall.p50")) + " / " + Report.format(split.get("beforeCall.p99"))
                    + " ms; in the call beyond the agent: " + Report.format(split.get("inCall.p50")) + " / "
                    + Report.format(split.get("inCall.p99")) + " ms");
            for (int percentile : new int[] {50, 99}) {
                Double target = inFlight == 16 && !settings.quick() ? (percentile == 50 ? 1.5 : 10.0) : null;
                Double measured = Stats.percentile(caravanSteps, percentile);
                report.add(new Report.Row("stepOverhead.p" + percentile + ".inFlight" + inFlight,
                        "per-step overhead p" + percentile + ", " + inFlight + " in flight", "ms", measured,
                        Stats.percentile(floorSteps, percentile), "durable floor",
                        Stats.percentile(rawCalls.results(), percentile),
                        target == null ? null : "≤ " + Report.format(target) + " ms",
                        target == null || measured == null ? null : measured <= target));
            }
        }
    }

    /** A workflow with a 3-branch parallel step and a condition, against the sequential one: both 5 stages of 10 ms. */
    private void parallelOverhead() throws Exception {
        long criticalPath = STEPS * STEP_LATENCY_MS;
        floor.prepare(1);
        var floorSequential = Load.closedLoop(1, settings.loadTime(), () -> sum(floor.runWorkflow(SEQUENTIAL, STEP_LATENCY_MS)) - criticalPath);
        var floorParallel = Load.closedLoop(1, settings.loadTime(), () -> sum(floor.runWorkflow(PARALLEL, STEP_LATENCY_MS)) - criticalPath);
        var sequential = Load.closedLoop(1, settings.loadTime(), () -> caravan.execute("bench-seq5-timed", true));
        var parallel = Load.closedLoop(1, settings.loadTime(), () -> caravan.execute("bench-parallel-timed", true));
        Double sequentialOverhead = Stats.median(runs.runOverheads(sequential.results(), criticalPath));
        Double parallelOverhead = Stats.median(runs.runOverheads(parallel.results(), criticalPath));
        Double floorSequentialOverhead = Stats.median(floorSequential.results());
        Double floorParallelOverhead = Stats.median(floorParallel.results());
        details.put("parallel", Map.of("sequentialRuns", sequential.results().size(), "parallelRuns", parallel.results().size(),
                "errors", sequential.failures() + parallel.failures(), "errorSamples", parallel.errors()));
        report.add(new Report.Row("runOverhead.sequential", "run overhead p50, sequential 5 steps, 1 in flight", "ms",
                sequentialOverhead, floorSequentialOverhead, "durable floor", null, null, null));
        report.add(new Report.Row("runOverhead.parallel", "run overhead p50, 3-branch parallel + condition, 1 in flight", "ms",
                parallelOverhead, floorParallelOverhead, "durable floor", null, null, null));
        report.add(new Report.Row("runOverhead.parallelOverSequential", "parallel ÷ sequential run overhead", "×",
                Stats.ratio(parallelOverhead, sequentialOverhead), Stats.ratio(floorParallelOverhead, floorSequentialOverhead),
                "same ratio for the floor", null, null, null));
    }

    /** Workflows per second of the 5-step workflow with a zero-latency agent. */
    private void throughput() throws Exception {
        for (int inFlight : settings.throughputInFlight()) {
            floor.prepare(inFlight);
            var rawCalls = Load.closedLoop(inFlight, settings.loadTime(), () -> raw.call(0));
            var floorRuns = Load.closedLoop(inFlight, settings.loadTime(), () -> floor.runWorkflow(SEQUENTIAL, 0));
            var caravanRuns = Load.closedLoop(inFlight, settings.loadTime(), () -> caravan.execute("bench-seq5-zero", true));
            CaravanRuns.Count count = runs.count(caravanRuns.results());
            details.put("throughput." + inFlight, Map.of("caravanRuns", caravanRuns.results().size(),
                    "caravanSucceeded", count.succeeded(), "caravanErrors", caravanRuns.failures(),
                    "caravanErrorSamples", caravanRuns.errors(), "floorRuns", floorRuns.results().size(),
                    "floorErrors", floorRuns.failures(), "rawCalls", rawCalls.results().size()));
            // a run counts only if it succeeded: a fast failure is not throughput
            double caravanPerSecond = count.succeeded() / (caravanRuns.elapsedNanos() / 1e9);
            Double ratio = Stats.ratio(caravanPerSecond, floorRuns.perSecond());
            boolean hasTarget = (inFlight == 16 || inFlight == 64) && !settings.quick();
            report.add(new Report.Row("throughput.inFlight" + inFlight, "5-step throughput, " + inFlight + " in flight",
                    "wf/s", caravanPerSecond, floorRuns.perSecond(), "durable floor", rawCalls.perSecond() / STEPS,
                    hasTarget ? "≥ 1.0× floor" : null, hasTarget && ratio != null ? ratio >= 1.0 : null));
        }
    }

    /** Run starts accepted (202) per second through the API, each verified to be in the database. */
    private void runStarts() throws Exception {
        int clients = settings.startClients();
        floor.prepare(clients);
        var floorStarts = Load.closedLoop(clients, settings.loadTime(), () -> {
            floor.startRun("bench-start");
            return 1;
        });
        var accepted = Load.closedLoop(clients, settings.loadTime(), () -> caravan.execute("bench-start", false));
        // "persisted": each 202 must name a run that is already stored (it is committed before the answer)
        CaravanRuns.Count count = runs.count(accepted.results());
        double persistedPerSecond = count.stored() / (accepted.elapsedNanos() / 1e9);
        details.put("runStarts", Map.of("clients", clients, "accepted", accepted.results().size(),
                "persisted", count.stored(), "errors", accepted.failures(), "errorSamples", accepted.errors(),
                "floorStarts", floorStarts.results().size()));
        report.add(new Report.Row("runStarts", "run starts accepted and persisted, " + clients + " clients", "/s",
                persistedPerSecond, floorStarts.perSecond(), "one committed INSERT per start", null,
                settings.quick() ? null : "≥ 2,500/s",
                settings.quick() ? null : persistedPerSecond >= 2500 && count.stored() == accepted.results().size()));
    }

    /** Many runs in flight on a slow agent: do all finish, how much heap and how many threads does it take. */
    private void manyInFlight() throws Exception {
        int total = settings.manyRuns();
        long latency = settings.slowAgentMillis();
        double heapAtRest = caravan.metric("jvm.memory.used", "area:heap") / MIB;
        double liveAtRest = caravan.metric("jvm.gc.live.data.size", null) / MIB;
        double threadsAtRest = caravan.metric("jvm.threads.live", null);

        // the floor: the same number of calls of the same agent, all at once, from one plain program
        var rawCalls = Load.allAtOnce(total, () -> raw.call(latency));

        HeapSampler sampler = new HeapSampler(caravan);
        Thread sampling = Thread.ofVirtual().start(sampler);
        long start = System.nanoTime();
        List<String> runIds = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        long deadline = start + settings.manyRunsLimit().toNanos();
        var submissions = Load.allAtOnce(settings.manySubmitters(), () -> {
            int rejected = 0;
            // a start that has not been made by the limit counts as an error, like a rejected one
            while (next.getAndIncrement() < total) {
                if (System.nanoTime() > deadline) {
                    rejected++;
                    continue;
                }
                try {
                    runIds.add(caravan.execute("bench-slow", false));
                } catch (Exception e) {
                    rejected++;
                }
            }
            return rejected;
        });
        double submitSeconds = (System.nanoTime() - start) / 1e9;
        int rejected = submissions.results().stream().mapToInt(Integer::intValue).sum();
        CaravanRuns.Count count = runs.count(runIds);
        while (count.ended() < runIds.size() && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            count = runs.count(runIds);
        }
        double allEndedSeconds = (System.nanoTime() - start) / 1e9;
        sampler.stop();
        sampling.join();
        long errors = rejected + (count.ended() - count.succeeded()) + (runIds.size() - count.ended());
        Map<String, Object> many = new LinkedHashMap<>();
        many.put("runs", total);
        many.put("agentLatencyMs", latency);
        many.put("accepted", runIds.size());
        many.put("rejected", rejected);
        many.put("succeeded", count.succeeded());
        many.put("failed", count.ended() - count.succeeded());
        many.put("notEndedAtLimit", runIds.size() - count.ended());
        many.put("limitSeconds", settings.manyRunsLimit().toSeconds());
        many.put("submitSeconds", submitSeconds);
        many.put("rawCallErrors", rawCalls.failures());
        many.put("heapSamples", sampler.samples());
        details.put("manyInFlight", many);
        System.out.println("  " + count.succeeded() + " of " + total + " succeeded, " + errors + " errors, "
                + (runIds.size() - count.ended()) + " not ended after " + Report.format(allEndedSeconds) + " s");
        String label = total + " runs on a " + latency / 1000 + " s agent";
        report.add(new Report.Row("manyInFlight.seconds", label + ": time until all ended", "s",
                allEndedSeconds, rawCalls.elapsedNanos() / 1e9, "the same calls all at once, raw", null,
                null, null));
        report.add(new Report.Row("manyInFlight.errors", label + ": errors (failed, rejected or not ended)", "runs",
                (double) errors, (double) rawCalls.failures(), "raw call errors", null, "0",
                errors == 0));
        // in MiB, as -Xmx512m counts: in millions of bytes a heap used to its top read 515 "MB"
        report.add(new Report.Row("manyInFlight.heap", label + ": peak heap used", "MiB",
                sampler.peakHeapMib(), heapAtRest, "Caravan's heap at rest", null, "≤ 512 MiB",
                sampler.peakHeapMib() == null ? null : sampler.peakHeapMib() <= 512));
        report.add(new Report.Row("manyInFlight.live", label + ": peak heap left after a collection", "MiB",
                sampler.peakLiveMib(), liveAtRest, "the same at rest", null, null, null));
        report.add(new Report.Row("manyInFlight.threads", label + ": peak live threads", "threads",
                sampler.peakThreads(), threadsAtRest, "Caravan's threads at rest", null, null, null));
    }

    /** Time from a workflow file landing in the watched folder to its definition answering 200. */
    private void fileDrop() throws Exception {
        int drops = settings.quick() ? 1 : 5;
        List<Double> millis = new ArrayList<>();
        for (int i = 1; i <= drops; i++) {
            String id = "bench-drop-" + i + "-" + System.currentTimeMillis();
            String yaml = "id: " + id + "\nname: " + id + "\nsteps:\n  - id: only\n    agent: bench-zero\n    action: work\n";
            // written under a hidden name and renamed, as docs/folder.md advises: it appears whole
            Path hidden = settings.workflowsDir().resolve("." + id + ".yml");
            Files.writeString(hidden, yaml);
            long start = System.nanoTime();
            Files.move(hidden, settings.workflowsDir().resolve(id + ".yml"), StandardCopyOption.ATOMIC_MOVE);
            while (caravan.status("/api/definitions/" + id) != 200) {
                if (System.nanoTime() - start > Duration.ofSeconds(30).toNanos()) {
                    throw new IllegalStateException(id + " not deployed 30 s after it was dropped");
                }
                Thread.sleep(5);
            }
            millis.add((System.nanoTime() - start) / 1e6);
            caravan.execute(id, false); // runnable: a run of it is accepted
            Files.delete(settings.workflowsDir().resolve(id + ".yml"));
        }
        details.put("fileDrop.millis", millis);
        double quiet = settings.quietPeriod().toMillis();
        report.add(new Report.Row("fileDrop.p50", "file drop to runnable, median of " + drops, "ms",
                Stats.median(millis), quiet, "quiet period", null, "≤ 2,000 ms (docs/folder.md)",
                Stats.median(millis) <= 2000));
        report.add(new Report.Row("fileDrop.max", "file drop to runnable, max of " + drops, "ms",
                Stats.max(millis), quiet, "quiet period", null, null, null));
    }

    /**
     * Start-up to ready, timed by bench/run (which starts the processes): as {@code java -jar} runs
     * it, and with the start-up cache that {@code bin/aot-cache} makes (docs/performance.md, "Start-up").
     */
    private void startup() {
        startupRow("startup.embedded", "start-up to ready, embedded H2 (default)", settings.startupH2Ms());
        startupRow("startup.postgres", "start-up to ready, PostgreSQL", settings.startupPostgresMs());
        startupRow("startup.embedded.cached", "start-up to ready, embedded H2, with the start-up cache (bin/aot-cache)",
                settings.startupH2CachedMs());
        startupRow("startup.postgres.cached", "start-up to ready, PostgreSQL, with the start-up cache (bin/aot-cache)",
                settings.startupPostgresCachedMs());
    }

    private void startupRow(String key, String label, Double millis) {
        report.add(new Report.Row(key, label, "s", seconds(millis), seconds(settings.startupFloorMs()),
                "a JVM serving HTTP (the stub)", null, "≤ 8 s", millis == null ? null : millis <= 8000));
    }

    /**
     * Waits until Caravan has no run in flight, so that one measure's runs do not load the next;
     * returns how many were still in flight when the limit passed.
     */
    private long awaitQuiet(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        long unfinished = runs.unfinished();
        long lastProgress = System.nanoTime();
        // runs that make no progress for 20 s are stuck (an engine fault, reported as left over), not slow
        while (unfinished > 0 && System.nanoTime() < deadline && System.nanoTime() - lastProgress < 20e9) {
            Thread.sleep(250);
            long now = runs.unfinished();
            if (now < unfinished) {
                lastProgress = System.nanoTime();
            }
            unfinished = now;
        }
        return unfinished;
    }

    private Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", firstLine("/proc/cpuinfo", "model name"));
        machine.put("memory", firstLine("/proc/meminfo", "MemTotal"));
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("caravanJvm", settings.caravanJvm());
        try {
            machine.put("postgres", runs.postgresVersion());
        } catch (Exception e) {
            machine.put("postgres", "unknown: " + e);
        }
        machine.put("loadAverageStart", details.get("loadAverage.start"));
        machine.put("loadAverageEnd", loadAverage());
        return machine;
    }

    private static String firstLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(line -> line.startsWith(prefix))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static double sum(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum;
    }

    private static Double seconds(Double millis) {
        return millis == null ? null : millis / 1000;
    }
}
