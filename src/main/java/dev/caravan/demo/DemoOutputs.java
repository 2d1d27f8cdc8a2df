package dev.caravan.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Plausible outputs for every action of the seed workflows. Values are fixed where a workflow may
 * test them ({@code security_scan.passed}, {@code error_rate > 0.05}) so that runs are predictable;
 * ids are fresh per call so that an idempotent replay is visible. Some params are echoed, which
 * lets a workflow steer the demo (e.g. {@code collect_metrics} with {@code error_rate: 0.2} to
 * trigger a rollback). Field names avoid {@code success}, {@code status}, {@code error} and
 * {@code output}, which name a step's own scope in expressions.
 */
final class DemoOutputs {

    private static final Map<String, Function<Params, Map<String, Object>>> ACTIONS = Map.ofEntries(
            Map.entry("scaffold_project", DemoOutputs::scaffoldProject),
            Map.entry("create_api", DemoOutputs::createApi),
            Map.entry("code_quality_check", DemoOutputs::qualityCheck),
            Map.entry("quality_check", DemoOutputs::qualityCheck),
            Map.entry("security_scan", DemoOutputs::securityScan),
            Map.entry("performance_test", DemoOutputs::performanceTest),
            Map.entry("deploy", DemoOutputs::deploy),
            Map.entry("collect_metrics", DemoOutputs::collectMetrics),
            Map.entry("track_errors", DemoOutputs::trackErrors),
            Map.entry("rollback", DemoOutputs::rollback),
            Map.entry("log_error", DemoOutputs::logError),
            Map.entry("ingest_data", DemoOutputs::ingestData),
            Map.entry("transform_data", DemoOutputs::transformData),
            Map.entry("validate_data", DemoOutputs::validateData),
            Map.entry("analyze_data", DemoOutputs::analyzeData),
            Map.entry("export_data", DemoOutputs::exportData));

    private DemoOutputs() {
    }

    /** Whether the demo has a tailored output for the action (any agent may be asked for it). */
    static boolean knows(String action) {
        return ACTIONS.containsKey(action);
    }

    /** The action's output; an action without a tailored one gets an acknowledgement echoing its params. */
    static Map<String, Object> produce(String agentId, String action, Map<String, Object> params) {
        Function<Params, Map<String, Object>> producer = ACTIONS.getOrDefault(action, DemoOutputs::acknowledge);
        Map<String, Object> output = new LinkedHashMap<>(producer.apply(new Params(agentId, action, params)));
        output.put("demo", true);
        return output;
    }

    private static Map<String, Object> scaffoldProject(Params p) {
        String name = p.text("name", p.text("projectName", "demo-project"));
        return fields("path", "/workspace/" + name, "template", p.text("template", "typescript-api"),
                "files", List.of("package.json", "tsconfig.json", "src/index.ts", "src/routes.ts", "test/index.test.ts",
                        "README.md"));
    }

    private static Map<String, Object> createApi(Params p) {
        String resource = p.text("resource", "items");
        return fields("endpoints", List.of("GET /health", "GET /api/" + resource, "POST /api/" + resource,
                        "GET /api/" + resource + "/{id}", "DELETE /api/" + resource + "/{id}"),
                "framework", "express", "openapi", "/api/openapi.json");
    }

    private static Map<String, Object> qualityCheck(Params p) {
        return fields("score", 92, "grade", "A", "issues", 3, "passed", true,
                "findings", List.of("2 functions longer than 50 lines", "1 unused import"));
    }

    private static Map<String, Object> securityScan(Params p) {
        return fields("passed", true, "vulnerabilities", 0, "critical", 0, "high", 0, "medium", 0,
                "dependencies_scanned", 184, "scanner", "demo-scanner 1.0");
    }

    private static Map<String, Object> performanceTest(Params p) {
        return fields("passed", true, "requests", 10_000, "requests_per_second", 850, "p50_ms", 38,
                "p95_ms", 120, "p99_ms", 210, "error_rate", 0.001);
    }

    private static Map<String, Object> deploy(Params p) {
        String environment = p.text("environment", "staging");
        String name = p.text("name", p.text("projectName", "demo-project"));
        return fields("deployment_id", "dep-" + shortId(), "environment", environment,
                "url", "https://" + name + "." + environment + ".demo.caravan.local", "version", p.text("version", "1.0.0"),
                "replicas", 2);
    }

    private static Map<String, Object> collectMetrics(Params p) {
        return fields("error_rate", p.number("error_rate", 0.01), "cpu", 0.42, "memory", 0.61,
                "latency_p50_ms", 45, "latency_p95_ms", 130, "requests_per_minute", 1_200);
    }

    private static Map<String, Object> trackErrors(Params p) {
        double errorRate = p.number("error_rate", 0.01).doubleValue();
        return fields("errors", 12, "error_rate", errorRate, "new_errors", 1,
                "top_error", "TimeoutError: upstream did not answer within 5000 ms");
    }

    private static Map<String, Object> rollback(Params p) {
        return fields("rolled_back", true, "deployment_id", "dep-" + shortId(),
                "from_version", p.text("from_version", "1.1.0"), "to_version", p.text("to_version", "1.0.0"));
    }

    private static Map<String, Object> logError(Params p) {
        return fields("logged", true, "log_id", "log-" + shortId(),
                "message", p.text("error", p.text("message", "workflow failed")));
    }

    private static Map<String, Object> ingestData(Params p) {
        String source = p.text("source", "demo://sample.csv");
        String format = source.contains(".") ? source.substring(source.lastIndexOf('.') + 1) : "csv";
        return fields("source", source, "format", format, "rows", p.number("rows", 1_000), "bytes", 48_213,
                "dataset", "ds-" + shortId());
    }

    private static Map<String, Object> transformData(Params p) {
        return fields("rows", p.number("rows", 1_000), "rows_dropped", 0,
                "transformations", List.of("trim_whitespace", "normalize_dates", "deduplicate"));
    }

    private static Map<String, Object> validateData(Params p) {
        return fields("valid", true, "rows_checked", p.number("rows", 1_000), "invalid_rows", 0,
                "checks", List.of("schema", "not_null", "unique_id"));
    }

    private static Map<String, Object> analyzeData(Params p) {
        return fields("rows_analyzed", p.number("rows", 1_000),
                "summary", fields("mean", 42.7, "median", 40.0, "stddev", 8.3),
                "insights", List.of("values peak on Mondays", "3 outliers above 3 sigma"));
    }

    private static Map<String, Object> exportData(Params p) {
        String destination = p.text("destination", "s3://bucket/export.parquet");
        return fields("destination", destination, "rows", p.number("rows", 1_000), "format",
                p.text("format", "parquet"), "exported", true);
    }

    private static Map<String, Object> acknowledge(Params p) {
        return fields("agent", p.agentId(), "action", p.action(), "handled", true, "params", p.values());
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** An ordered map from alternating keys and values, so outputs read in a sensible order. */
    private static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** A call's params with lenient typed access: a missing or mistyped value gives the default. */
    private record Params(String agentId, String action, Map<String, Object> values) {

        String text(String key, String fallback) {
            Object value = values.get(key);
            return value == null || value.toString().isBlank() ? fallback : value.toString();
        }

        Number number(String key, Number fallback) {
            return values.get(key) instanceof Number number ? number : fallback;
        }
    }
}
