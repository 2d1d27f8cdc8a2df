package dev.caravan.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.springframework.stereotype.Component;

/**
 * The HTTP endpoint of each action of each agent instance, with the step's timeout, resolved once.
 * The agent route sends to the endpoint it is handed ({@code routes/templates/agent-call.yaml}):
 * a {@code toD} given the endpoint's URI as text parsed, normalised and looked up that URI on
 * every call, which showed in profiles ({@code URISupport}, {@code HttpSendDynamicAware}).
 */
@Component
public class AgentEndpoints {

    private final CamelContext camel;
    private final Map<String, Endpoint> resolved = new ConcurrentHashMap<>();

    public AgentEndpoints(CamelContext camel) {
        this.camel = camel;
    }

    /** The endpoint that POSTs to {@code action} on {@code instance}, answering within {@code timeoutMillis}. */
    public Endpoint of(String instance, String action, long timeoutMillis) {
        String uri = instance + "/actions/" + action + "?throwExceptionOnFailure=false&responseTimeout="
                + timeoutMillis + "&connectTimeout=" + timeoutMillis;
        Endpoint known = resolved.get(uri);
        return known != null ? known : resolved.computeIfAbsent(uri, camel::getEndpoint);
    }
}
