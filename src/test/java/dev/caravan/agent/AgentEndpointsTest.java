package dev.caravan.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Endpoint;
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
    void anInstanceOfAnotherTransportIsItsOwnEndpointForEveryAction() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            AgentEndpoints endpoints = new AgentEndpoints(camel);

            Endpoint endpoint = endpoints.of("direct:agent-twelve", "scaffold", 30_000);

            assertThat(endpoint.getEndpointUri()).isEqualTo("direct://agent-twelve");
            assertThat(endpoints.of("direct:agent-twelve", "deploy", 5_000)).isSameAs(endpoint);
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
