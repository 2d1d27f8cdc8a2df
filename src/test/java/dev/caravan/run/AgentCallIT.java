package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.agent.AgentRegistry;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.StubAgent.Reply;
import dev.caravan.testing.StubAgent.Request;
import dev.caravan.testing.StubAgent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Agent calls against a real HTTP stub: retries and their spacing, what is not retried, timeouts. */
class AgentCallIT extends CaravanIntegrationTest {

    @Autowired
    private CamelContext camel;
    @Autowired
    private AgentRegistry registry;

    @BeforeEach
    void resetStub() {
        STUB.reset();
    }

    @Test
    void retriesServerErrorsWithExponentialBackoffAndOneIdempotencyKey() {
        deploy("""
                id: retry-exponential
                name: Retry exponential
                steps:
                  - id: work
                    agent: retrying
                    action: work
                    retry: { max_attempts: 4, backoff: exponential, delay: 200ms, max_delay: 5s, jitter: false }
                """);
        STUB.script("retrying", "work", Reply.status(503), Reply.status(500), Reply.status(502),
                Reply.success(Map.of("done", true)));

        JsonNode result = run("retry-exponential", Map.of());

        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(step(result, "work").get("attempts").asInt()).isEqualTo(4);
        assertThat(step(result, "work").get("output").get("done").asBoolean()).isTrue();
        List<Request> calls = STUB.requests("retrying", "work");
        assertThat(calls).hasSize(4);
        assertThat(calls).extracting(Request::idempotencyKey).containsOnly(result.get("workflowId").asText() + ":work");
        assertThat(calls).extracting(call -> call.body().get("attempt")).containsExactly(1, 2, 3, 4);
        assertSpacing(StubAgent.gaps(calls), 200, 400, 800);
    }

    @Test
    void linearBackoffGrowsByTheDelayEachTime() {
        deploy("""
                id: retry-linear
                name: Retry linear
                error_handling:
                  retry: { max_attempts: 3, backoff: linear, delay: 250ms, jitter: false }
                steps:
                  - id: work
                    agent: linear
                    action: linear
                """);
        STUB.script("linear", "linear", Reply.status(500), Reply.status(500), Reply.success(Map.of()));

        JsonNode result = run("retry-linear", Map.of());

        assertThat(result.get("status").asText()).isEqualTo("success");
        assertSpacing(StubAgent.gaps(STUB.requests("linear", "linear")), 250, 500);
    }

    @Test
    void tooManyRequestsWaitsAsLongAsRetryAfterSays() {
        deploy("""
                id: retry-after
                name: Retry after
                steps:
                  - id: work
                    agent: throttled
                    action: throttled
                    retry: { max_attempts: 2, backoff: fixed, delay: 50ms, jitter: false }
                """);
        STUB.script("throttled", "throttled", Reply.status(429).withHeader("Retry-After", "1"), Reply.success(Map.of()));

        JsonNode result = run("retry-after", Map.of());

        assertThat(result.get("status").asText()).isEqualTo("success");
        assertSpacing(StubAgent.gaps(STUB.requests("throttled", "throttled")), 1000);
    }

    @Test
    void clientErrorsAndReportedFailuresAreNotRetried() {
        deploy("""
                id: no-retry
                name: No retry on 4xx
                error_handling:
                  retry: { max_attempts: 5, delay: 10ms }
                steps:
                  - id: bad_request
                    agent: rejecting
                    action: validate
                """);
        STUB.always("rejecting", "validate", Reply.status(422));

        JsonNode result = run("no-retry", Map.of());

        assertThat(result.get("status").asText()).isEqualTo("failure");
        assertThat(result.get("failedStep").asText()).isEqualTo("bad_request");
        assertThat(step(result, "bad_request").get("error").asText()).startsWith("rejecting answered HTTP 422");
        assertThat(STUB.requests("rejecting", "validate")).hasSize(1);
        assertAnsweredAsStored(result);

        STUB.always("rejecting", "validate", Reply.failure("disk full"));
        JsonNode reported = run("no-retry", Map.of());
        assertThat(step(reported, "bad_request").get("error").asText()).isEqualTo("rejecting reported failure: disk full");
        assertThat(STUB.requests("rejecting", "validate")).hasSize(2);
    }

    @Test
    void aRedirectIsAFailedCallAndIsNotFollowed() {
        deploy("""
                id: no-redirect
                name: No redirect followed
                error_handling:
                  retry: { max_attempts: 3, delay: 10ms }
                steps:
                  - id: moved
                    agent: rejecting
                    action: moved
                """);
        // followed, the call would land on another agent's action (307 keeps the POST and its body)
        STUB.always("rejecting", "moved", Reply.status(307)
                .withHeader("Location", "http://127.0.0.1:" + STUB.port() + "/retrying/actions/moved"));

        JsonNode result = run("no-redirect", Map.of());

        assertThat(result.get("status").asText()).isEqualTo("failure");
        assertThat(step(result, "moved").get("error").asText()).startsWith("rejecting answered HTTP 307");
        assertThat(STUB.requests("rejecting", "moved")).hasSize(1);
        assertThat(STUB.requests("retrying", "moved")).isEmpty();
    }

    @Test
    void aCallThatTakesLongerThanItsTimeoutFailsAndIsRetried() {
        deploy("""
                id: timeouts
                name: Timeouts
                steps:
                  - id: wait
                    agent: slow
                    action: compute
                    timeout: 300ms
                    retry: { max_attempts: 2, delay: 10ms, jitter: false }
                """);
        STUB.always("slow", "compute", Reply.success(Map.of()).after(Duration.ofSeconds(3)));
        Instant start = Instant.now();

        JsonNode result = run("timeouts", Map.of());

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMillis(2500));
        assertThat(result.get("status").asText()).isEqualTo("failure");
        assertThat(step(result, "wait").get("error").asText()).isEqualTo("timed out waiting for slow");
        assertThat(step(result, "wait").get("attempts").asInt()).isEqualTo(2);
        assertThat(STUB.requests("slow", "compute")).hasSize(2);
    }

    @Test
    void roundRobinSpreadsCallsOverAnAgentsInstances() {
        deploy("""
                id: spread
                name: Spread
                steps:
                  - { id: one, agent: twin, action: work }
                  - { id: two, agent: twin, action: work }
                  - { id: three, agent: twin, action: work }
                  - { id: four, agent: twin, action: work }
                """);

        JsonNode result = run("spread", Map.of());

        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(STUB.requests("twin-a", "work")).hasSize(2);
        assertThat(STUB.requests("twin-b", "work")).hasSize(2);
    }

    @Test
    void anAgentGetsTheProtocolsHeadersOnlyAndNoCookieOfAnotherCall() {
        deploy("""
                id: headers-only
                name: Headers only
                steps:
                  - { id: first, agent: flow, action: cookie }
                  - { id: second, agent: flow, action: cookie }
                """);
        // an agent that sets a cookie: a client with a cookie jar would send it back on every later call
        STUB.script("flow", "cookie", Reply.success(Map.of()).withHeader("Set-Cookie", "session=run-one; Path=/"),
                Reply.success(Map.of()));

        JsonNode result = run("headers-only", Map.of("token", "not for agents"));

        assertThat(result.get("status").asText()).isEqualTo("success");
        List<Request> calls = STUB.requests("flow", "cookie");
        assertThat(calls).hasSize(2);
        for (Request call : calls) {
            assertThat(call.headers()).containsKeys("idempotency-key", "content-type", "accept")
                    .doesNotContainKey("cookie")
                    // answers are small JSON: nothing asks the agent to compress them
                    .doesNotContainKey("accept-encoding");
            assertThat(call.headers().keySet()).noneMatch(name -> name.startsWith("camel") || name.startsWith("caravan"));
        }
    }

    @Test
    void anAgentOnAnotherCamelTransportGetsTheSameRequestAndItsReplyIsTheResult() throws Exception {
        List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // the agent of registry instance "direct:caravan-it-routed": answers in the protocol's shape
                from("direct:caravan-it-routed").routeId("caravan-it-routed").process(exchange -> {
                    Message message = exchange.getMessage();
                    Map<String, Object> request = JSON.readValue(message.getBody(byte[].class), Map.class);
                    request.put("action", message.getHeader("Caravan-Action"));
                    request.put("key", message.getHeader("Idempotency-Key"));
                    received.add(request);
                    message.setBody("{\"status\": \"success\", \"output\": {\"echo\": \""
                            + ((Map<?, ?>) request.get("params")).get("word") + "\"}}");
                });
            }
        });
        try {
            deploy("""
                    id: routed-agent
                    name: Routed agent
                    steps:
                      - { id: ask, agent: routed, action: shout, params: { word: "hello" } }
                      - { id: tell, agent: routed, action: whisper, params: { word: "${ask.echo}" } }
                    """);

            JsonNode result = run("routed-agent", Map.of());

            assertThat(result.get("status").asText()).isEqualTo("success");
            assertThat(step(result, "tell").get("output").get("echo").asText()).isEqualTo("hello");
            assertThat(received).extracting(call -> call.get("action")).containsExactly("shout", "whisper");
            String runId = result.get("workflowId").asText();
            assertThat(received).extracting(call -> call.get("key")).containsExactly(runId + ":ask", runId + ":tell");
            assertThat(received).extracting(call -> call.get("stepId")).containsExactly("ask", "tell");
        } finally {
            camel.getRouteController().stopRoute("caravan-it-routed");
            camel.removeRoute("caravan-it-routed");
        }
    }

    @Test
    void anAgentOnAnotherCamelTransportIsHeldToTheStepsTimeoutAndRetried() throws Exception {
        List<String> keys = new CopyOnWriteArrayList<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // the agent of registry instance "direct:caravan-it-routed", which takes 3 s to answer
                from("direct:caravan-it-routed").routeId("caravan-it-routed").process(exchange -> {
                    keys.add(exchange.getMessage().getHeader("Idempotency-Key", String.class));
                    Thread.sleep(3_000);
                    exchange.getMessage().setBody("{\"status\": \"success\"}");
                });
            }
        });
        try {
            deploy("""
                    id: routed-timeout
                    name: Routed timeout
                    steps:
                      - id: stall
                        agent: routed
                        action: think
                        timeout: 300ms
                        retry: { max_attempts: 2, delay: 10ms, jitter: false }
                    """);
            Instant start = Instant.now();

            JsonNode result = run("routed-timeout", Map.of());

            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMillis(2500));
            assertThat(result.get("status").asText()).isEqualTo("failure");
            assertThat(step(result, "stall").get("error").asText())
                    .isEqualTo("no answer from direct://caravan-it-routed within 300 ms");
            assertThat(step(result, "stall").get("attempts").asInt()).isEqualTo(2);
            String runId = result.get("workflowId").asText();
            assertThat(keys).containsExactly(runId + ":stall", runId + ":stall");
        } finally {
            camel.getRouteController().stopRoute("caravan-it-routed");
            camel.removeRoute("caravan-it-routed");
        }
    }

    @Test
    void aCapabilityStepWhoseAgentsAreAllDownTriesAgainUntilOneIsUp() throws Exception {
        deploy("""
                id: capability-down
                name: Capability down
                steps:
                  - id: work
                    capability: stub_work
                    action: work
                    retry: { max_attempts: 5, backoff: fixed, delay: 250ms, jitter: false }
                """);
        String instance = "http://127.0.0.1:" + STUB.port() + "/retrying";
        // the only agent with the capability is down for the first 600 ms of the run (marked again
        // and again, so that a health poll that finds the stub up cannot end it early)
        Instant upAt = Instant.now().plusMillis(600);
        Thread outage = Thread.ofVirtual().start(() -> {
            while (Instant.now().isBefore(upAt)) {
                registry.markInstanceHealth("retrying", instance, false);
                sleepQuietly(5);
            }
            registry.markInstanceHealth("retrying", instance, true);
        });
        JsonNode result;
        try {
            result = run("capability-down", Map.of());
        } finally {
            outage.join();
        }

        assertThat(result.get("status").asText()).isEqualTo("success");
        JsonNode work = step(result, "work");
        assertThat(work.get("agent").asText()).isEqualTo("retrying");
        // the attempts without an agent count, the one that found it up called it once
        assertThat(work.get("attempts").asInt()).isBetween(2, 5);
        assertThat(STUB.requests("retrying", "work")).hasSize(1);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each gap is at least the expected delay and not much more (the machine is shared and slow). */
    private static void assertSpacing(List<Duration> gaps, long... expectedMillis) {
        assertThat(gaps).hasSize(expectedMillis.length);
        for (int i = 0; i < expectedMillis.length; i++) {
            assertThat(gaps.get(i).toMillis())
                    .as("gap before attempt %d", i + 2)
                    .isBetween(expectedMillis[i] - 20, expectedMillis[i] + 700);
        }
    }
}
