package dev.caravan.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.caravan.testing.CaravanIntegrationTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard under config/ asks only for what Caravan serves: every metric its queries
 * name is in /actuator/prometheus once a run has ended, and the Prometheus set-up beside it scrapes
 * that path. A metric renamed in the code shows here, not as an empty panel in someone's Grafana.
 */
class GrafanaDashboardIT extends CaravanIntegrationTest {

    private static final Path DASHBOARD = Path.of("config/grafana/dashboards/caravan.json");
    /** Metric names in a query: the prefixes of Caravan's, Camel's, resilience4j's, Micrometer's binders. */
    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:orchestrator|caravan|camel|resilience4j|jvm|process|system|hikaricp|http_server)_[a-z0-9_]+)");

    @Test
    void everyMetricTheDashboardQueriesIsServed() throws IOException {
        deploy("""
                id: dashboard-metrics
                name: Dashboard metrics
                steps:
                  - { id: only, agent: flow, action: work }
                """);
        assertThat(run("dashboard-metrics", Map.of()).get("status").asText()).isEqualTo("success");
        Set<String> served = servedMetrics(anonymous("/actuator/prometheus").body());

        Set<String> queried = new TreeSet<>();
        for (String query : queries(new ObjectMapper().readTree(DASHBOARD.toFile()))) {
            Matcher metric = METRIC.matcher(query);
            while (metric.find()) {
                queried.add(metric.group(1));
            }
        }

        assertThat(queried).as("the dashboard's queries name metrics").hasSizeGreaterThan(10);
        assertThat(served).as("metrics the dashboard queries").containsAll(queried);
    }

    @Test
    void everyPanelReadsTheChosenPrometheusAndTheSeedsAddressHoldsIt() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());

        assertThat(dashboard.get("uid").asText()).as("the first seed's /d/orchestrator").isEqualTo("orchestrator");
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.get("datasource").get("uid").asText()).as(panel.get("title").asText())
                        .isEqualTo("${datasource}");
            }
        }
    }

    @Test
    void thePrometheusSetUpScrapesTheMetricsPathServedWithoutCredentials() throws IOException {
        JsonNode job = new ObjectMapper(new YAMLFactory()).readTree(Path.of("config/prometheus.yml").toFile())
                .get("scrape_configs").get(0);

        assertThat(anonymous(job.get("metrics_path").asText()).statusCode()).isEqualTo(200);
    }

    /** The metric names of a Prometheus text page: each sample line's name, histogram suffixes kept. */
    private static Set<String> servedMetrics(String page) {
        Set<String> names = new TreeSet<>();
        page.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    private static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            panel.path("targets").forEach(target -> queries.add(target.get("expr").asText()));
        }
        return queries;
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.get("panels").forEach(panel -> {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        });
        return panels;
    }
}
