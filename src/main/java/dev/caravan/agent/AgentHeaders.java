package dev.caravan.agent;

import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.springframework.stereotype.Component;

/**
 * Which headers cross an HTTP agent call (bean {@code caravanAgentHeaders}, named by every HTTP
 * agent endpoint): to the agent, the protocol's request headers only, whatever else the run's
 * message carries; from the agent, only {@code Retry-After}, the one answer header Caravan reads.
 * Camel's default strategy matched every header of both ways against its patterns on every call.
 */
@Component(AgentHeaders.BEAN)
public class AgentHeaders implements HeaderFilterStrategy {

    static final String BEAN = "caravanAgentHeaders";

    private static final Set<String> TO_AGENT = caseInsensitive(
            Exchange.CONTENT_TYPE, "Accept", AgentCalls.IDEMPOTENCY_KEY);
    private static final Set<String> FROM_AGENT = caseInsensitive("Retry-After");

    /** @return true for a header of the run's message that must not become an HTTP header */
    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !TO_AGENT.contains(name);
    }

    /** @return true for a header of the agent's answer that must not reach the run's message */
    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return !FROM_AGENT.contains(name);
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(Set.of(names));
        return set;
    }
}
