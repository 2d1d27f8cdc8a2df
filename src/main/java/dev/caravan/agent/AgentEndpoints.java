package dev.caravan.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.springframework.stereotype.Component;

/**
 * The endpoint of each action of each agent instance, with the step's timeout, resolved once.
 * The agent route sends to the endpoint it is handed ({@code routes/templates/agent-call.yaml}):
 * a {@code toD} given the endpoint's URI as text parsed, normalised and looked up that URI on
 * every call, which showed in profiles ({@code URISupport}, {@code HttpSendDynamicAware}).
 *
 * <p>An HTTP instance is POSTed at {@code {instance}/actions/{action}}; any other Camel endpoint
 * URI (docs/agent-protocol.md, "Other transports") is used as it is, the action travelling in a
 * header.
 */
@Component
public class AgentEndpoints {

    private final CamelContext camel;
    private final Map<String, Endpoint> resolved = new ConcurrentHashMap<>();

    public AgentEndpoints(CamelContext camel) {
        this.camel = camel;
    }

    /** The endpoint that calls {@code action} on {@code instance}, answering within {@code timeoutMillis}. */
    public Endpoint of(String instance, String action, long timeoutMillis) {
        String uri = isHttp(instance) ? httpUri(instance, action, timeoutMillis) : instance;
        Endpoint known = resolved.get(uri);
        return known != null ? known : resolved.computeIfAbsent(uri, camel::getEndpoint);
    }

    static boolean isHttp(String instance) {
        return instance.startsWith("http://") || instance.startsWith("https://");
    }

    /**
     * Failures are answers to interpret, not exceptions; no copy of the request's headers in the
     * answer; only the protocol's headers either way ({@link AgentHeaders}).
     */
    private static String httpUri(String instance, String action, long timeoutMillis) {
        return instance + "/actions/" + action + "?throwExceptionOnFailure=false&responseTimeout=" + timeoutMillis
                + "&connectTimeout=" + timeoutMillis + "&copyHeaders=false&headerFilterStrategy=#"
                + AgentHeaders.BEAN;
    }
}
