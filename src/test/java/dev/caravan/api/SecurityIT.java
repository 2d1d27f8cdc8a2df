package dev.caravan.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.LoggedStackTraces;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Nothing but health and metrics answers without credentials. */
class SecurityIT extends CaravanIntegrationTest {

    @Autowired
    private CamelContext camel;

    @Test
    void theApiAnswers401ProblemWithoutCredentials() {
        for (String path : new String[] {"/api/agents", "/api/workflows/x", "/api/definitions", "/api/schema/workflow"}) {
            HttpResponse<String> response = anonymous(path);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Basic"));
        }
    }

    /**
     * The callback takes no credentials, so anyone can send it a body: one it cannot read is refused
     * with a problem, and leaves no stack trace in the log (it was a 500 with one, before any handler).
     */
    @Test
    void aCallbackWithABodyItCannotReadIsRefusedWithoutAStackTrace() {
        String callback = "/api/workflows/some-run/steps/some-step/callback";
        try (LoggedStackTraces logged = LoggedStackTraces.capture()) {
            HttpResponse<String> notGzip = send(HttpRequest.newBuilder(uri(callback + "?token=t"))
                    .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                    .POST(BodyPublishers.ofString("{\"status\": \"success\"}")).build());

            assertProblem(notGzip, 400, "the request body is not gzip data, though its Content-Encoding says gzip", callback);
            HttpResponse<String> form = send(HttpRequest.newBuilder(uri(callback + "?token=t"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(BodyPublishers.ofString("status=success")).build());
            assertThat(form.statusCode()).isEqualTo(415);
            assertThat(form.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json(form).get("detail").asText()).startsWith("this operation takes application/json, not "
                    + "application/x-www-form-urlencoded");
            assertThat(logged.inWebLayer()).isEmpty();
        }
    }

    @Test
    void anAnsweredApiRequestCarriesTheSecurityHeaders() {
        // answers are written on an async dispatch the security chain does not run again on
        HttpResponse<String> response = get("/api/workflows?limit=1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(
                value -> assertThat(value).contains("no-store"));
    }

    /** The detail tells no credentials from wrong ones, and a wrong user from a wrong password not at all. */
    @Test
    void wrongCredentialsAreRefusedWithADetailOfTheirOwn() {
        String wrong = "wrong user name or password";
        assertProblem(withCredentials("admin:not-the-password"), 401, wrong, "/api/workflows");
        assertProblem(withCredentials("nobody:" + PASSWORD), 401, wrong, "/api/workflows");
        assertProblem(anonymous("/api/workflows"), 401, "no credentials sent: this API takes HTTP Basic credentials",
                "/api/workflows");
        assertProblem(send(HttpRequest.newBuilder(uri("/api/workflows")).header("Authorization", "Basic !!!").GET().build()),
                401, "the HTTP Basic credentials are not base64 of user:password", "/api/workflows");
    }

    private HttpResponse<String> withCredentials(String userAndPassword) {
        return send(HttpRequest.newBuilder(uri("/api/workflows"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8)))
                .GET().build());
    }

    @Test
    void hawtioAndItsJolokiaNeedALogin() {
        HttpResponse<String> page = anonymous("/actuator/hawtio/");
        assertThat(page.statusCode()).isIn(302, 401);
        if (page.statusCode() == 302) {
            assertThat(page.headers().firstValue("Location")).hasValueSatisfying(
                    location -> assertThat(location).endsWith("/login"));
        }
        assertThat(anonymous("/actuator/hawtio/jolokia/version").statusCode()).isIn(302, 401);
        assertThat(anonymous("/actuator/metrics").statusCode()).isIn(302, 401);
    }

    @Test
    void theAdminLogsInToHawtioThroughTheLoginForm() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> form = browser.send(HttpRequest.newBuilder(uri("/login")).GET().build(),
                BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(200);
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).as("the login form carries a CSRF token").isTrue();

        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("username=admin&password=" + PASSWORD + "&_csrf="
                        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
                .build(), BodyHandlers.ofString());

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/actuator/hawtio/"));
        HttpResponse<String> hawtio = browser.send(HttpRequest.newBuilder(uri("/actuator/hawtio/jolokia/version"))
                .GET().build(), BodyHandlers.ofString());
        assertThat(hawtio.statusCode()).isEqualTo(200);
        assertThat(hawtio.body()).contains("\"agent\"");
    }

    @Test
    void healthAndPrometheusAreOpenAndCarryCamelAndBreakerMetrics() {
        run("data-processing-pipeline", java.util.Map.of());
        assertThat(anonymous("/actuator/health").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = anonymous("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("camel_exchanges_total").contains("resilience4j_circuitbreaker_state")
                .contains("name=\"agent10\"")
                .contains("orchestrator_workflows_total").contains("orchestrator_workflow_duration_seconds")
                .contains("orchestrator_workflows_active").contains("orchestrator_success_rate")
                .contains("orchestrator_agent_executions_total{").contains("agent=\"agent16\"")
                .contains("orchestrator_agent_latency_seconds")
                // route metrics for the workflow's route, none for the routes of each step
                .contains("routeId=\"data-processing-pipeline.r")
                .doesNotContain(".call\"").doesNotContain(".attempt\"");
    }

    @Test
    void hawtioListsTheWorkflowRoutesToTheAdmin() {
        HttpResponse<String> routes = get("/actuator/hawtio/jolokia/read/org.apache.camel:context=" + camel.getManagementName() + ",type=routes,name=*/RouteId");
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body()).contains("build-project.r1").contains("build-project.r1.security_scan.call");
        // and no MBean per node (camel.main.jmx-management-m-beans-level): they took half of a
        // workflow's heap, for statistics kept per route only
        HttpResponse<String> nodes = get("/actuator/hawtio/jolokia/search/org.apache.camel:context="
                + camel.getManagementName() + ",type=processors,*");
        assertThat(nodes.statusCode()).isEqualTo(200);
        assertThat(json(nodes).get("value").size()).as("MBeans of single nodes").isZero();
    }

    @Test
    void hawtioCountsAndTimesTheCallsOfEachStepsRoute() {
        int revision = run("build-project", Map.of()).get("revision").asInt();

        // statistics are kept per route (camel.main.jmx-management-statistics-level): a step's own
        // routes count and time its calls
        HttpResponse<String> call = get("/actuator/hawtio/jolokia/read/org.apache.camel:context=" + camel.getManagementName()
                + ",type=routes,name=%22build-project.r" + revision + ".security_scan.call%22");
        assertThat(call.statusCode()).isEqualTo(200);
        JsonNode statistics = json(call).get("value");
        assertThat(statistics.get("ExchangesTotal").asLong()).as(call.body()).isPositive();
        assertThat(statistics.get("MaxProcessingTime").asLong()).isPositive();
    }
}
