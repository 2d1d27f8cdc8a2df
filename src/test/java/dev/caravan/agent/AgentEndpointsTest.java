package dev.caravan.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Agent endpoints are resolved once per instance, action and timeout, and carry what the call needs. */
class AgentEndpointsTest {

    @Test
    void anEndpointIsResolvedOncePerInstanceActionAndTimeout() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            AgentHeaders headers = new AgentHeaders();
            camel.getRegistry().bind(AgentHeaders.BEAN, headers);
            AgentEndpoints endpoints = new AgentEndpoints(camel);

            Endpoint first = endpoints.of("http://127.0.0.1:4100/agent6", "scaffold", 30_000);

            assertThat(endpoints.of("http://127.0.0.1:4100/agent6", "scaffold", 30_000)).isSameAs(first);
            assertThat(endpoints.of("http://127.0.0.1:4100/agent6", "scaffold", 5_000)).isNotSameAs(first);
            assertThat(endpoints.of("http://127.0.0.1:4101/agent6", "scaffold", 30_000)).isNotSameAs(first);
            assertThat(endpoints.of("http://127.0.0.1:4100/agent6", "deploy", 30_000)).isNotSameAs(first);
            HttpEndpoint http = (HttpEndpoint) first;
            assertThat(http.getHttpUri().toString()).isEqualTo("http://127.0.0.1:4100/agent6/actions/scaffold");
            assertThat(http.isThrowExceptionOnFailure()).isFalse();
            assertThat(http.getResponseTimeout()).isEqualTo(30_000);
            assertThat(http.getConnectTimeout()).isEqualTo(30_000);
            assertThat(http.isCopyHeaders()).isFalse();
            assertThat(http.getHeaderFilterStrategy()).isSameAs(headers);
        }
    }

    @Test
    void anInstanceOfAnotherTransportIsOneEndpointForEveryActionHeldToTheTimeout() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            AgentEndpoints endpoints = new AgentEndpoints(camel);

            Endpoint endpoint = endpoints.of("direct:agent-twelve", "scaffold", 30_000);

            assertThat(endpoint.getEndpointUri()).isEqualTo("direct://agent-twelve");
            assertThat(((TimedEndpoint) endpoint).target().getEndpointUri()).isEqualTo("direct://agent-twelve");
            assertThat(((TimedEndpoint) endpoint).timeoutMillis()).isEqualTo(30_000);
            assertThat(endpoints.of("direct:agent-twelve", "deploy", 30_000)).isSameAs(endpoint);
            assertThat(endpoints.of("direct:agent-twelve", "deploy", 5_000)).isNotSameAs(endpoint);
        }
    }

    /**
     * A route standing for an agent on another transport: it answers at once, after a pause, or
     * fails, as the Caravan-Action header says.
     */
    private static RouteBuilder routedAgent() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:routed-agent").process(exchange -> {
                    switch (exchange.getMessage().getHeader("Caravan-Action", String.class)) {
                        case "slow" -> {
                            Thread.sleep(2_000);
                            exchange.getMessage().setBody("late");
                        }
                        case "broken" -> throw new IllegalStateException("agent broke");
                        default -> exchange.getMessage().setBody("{\"status\": \"success\"}");
                    }
                });
            }
        };
    }

    @Test
    void aCallOnAnotherTransportThatDoesNotAnswerInTimeFailsWithATimeout() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(routedAgent());
            camel.start();
            AgentEndpoints endpoints = new AgentEndpoints(camel);
            ProducerTemplate template = camel.createProducerTemplate();

            long started = System.nanoTime();
            Exchange slow = template.request(endpoints.of("direct:routed-agent", "slow", 200),
                    exchange -> exchange.getMessage().setHeader("Caravan-Action", "slow"));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(slow.getException()).isInstanceOf(TimeoutException.class)
                    .hasMessage("no answer from direct://routed-agent within 200 ms");
            assertThat(tookMillis).as("gave up after the timeout, not after the route's 2 s").isLessThan(1_500);
            assertThat(slow.getMessage().getBody()).isNotEqualTo("late");
        }
    }

    @Test
    void aCallOnAnotherTransportWithinItsTimeGivesTheAnswerOrTheFailure() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(routedAgent());
            camel.start();
            AgentEndpoints endpoints = new AgentEndpoints(camel);
            ProducerTemplate template = camel.createProducerTemplate();

            Exchange answered = template.request(endpoints.of("direct:routed-agent", "fast", 2_000),
                    exchange -> exchange.getMessage().setHeader("Caravan-Action", "fast"));
            Exchange broken = template.request(endpoints.of("direct:routed-agent", "broken", 2_000),
                    exchange -> exchange.getMessage().setHeader("Caravan-Action", "broken"));

            assertThat(answered.getException()).isNull();
            assertThat(answered.getMessage().getBody(String.class)).isEqualTo("{\"status\": \"success\"}");
            assertThat(broken.getException()).isInstanceOf(IllegalStateException.class).hasMessage("agent broke");
        }
    }

    @Test
    void onlyTheProtocolsHeadersCrossAnHttpCall() {
        AgentHeaders headers = new AgentHeaders();

        assertThat(headers.applyFilterToCamelHeaders("Idempotency-Key", "run:step", null)).isFalse();
        assertThat(headers.applyFilterToCamelHeaders("content-type", "application/json", null)).isFalse();
        assertThat(headers.applyFilterToCamelHeaders("Accept", "application/json", null)).isFalse();
        assertThat(headers.applyFilterToCamelHeaders("CamelHttpMethod", "POST", null)).isTrue();
        assertThat(headers.applyFilterToCamelHeaders("Authorization", "Basic secret", null)).isTrue();
        assertThat(headers.applyFilterToExternalHeaders("retry-after", "1", null)).isFalse();
        assertThat(headers.applyFilterToExternalHeaders("Set-Cookie", "session=1", null)).isTrue();
    }
}
