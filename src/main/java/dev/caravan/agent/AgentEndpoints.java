package dev.caravan.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * The endpoint of each action of each agent instance, with the step's timeout, resolved once.
 * The agent route sends to the endpoint it is handed ({@code routes/templates/agent-call.yaml}):
 * a {@code toD} given the endpoint's URI as text parsed, normalised and looked up that URI on
 * every call, which showed in profiles ({@code URISupport}, {@code HttpSendDynamicAware}).
 *
 * <p>An HTTP instance is POSTed at {@code {instance}/actions/{action}}, its client timing out after
 * the step's timeout; any other Camel endpoint URI (docs/agent-protocol.md, "Other transports") is
 * used as it is, the action travelling in a header, and held to the timeout by a
 * {@link TimedEndpoint}.
 */
@Component
public class AgentEndpoints {

    private final CamelContext camel;
    private final Map<String, Endpoint> resolved = new ConcurrentHashMap<>();
    /** Calls of the other transports: each on a virtual thread, so that a blocking one waits cheaply. */
    private final Executor otherTransportCalls = Executors.newVirtualThreadPerTaskExecutor();
    private volatile ProducerTemplate otherTransportTemplate;

    public AgentEndpoints(CamelContext camel) {
        this.camel = camel;
    }

    /** The endpoint that calls {@code action} on {@code instance}, answering within {@code timeoutMillis}. */
    public Endpoint of(String instance, String action, long timeoutMillis) {
        boolean http = isHttp(instance);
        // another transport's endpoint serves every action: it is one per instance and timeout
        String key = http ? httpUri(instance, action, timeoutMillis) : instance + " within " + timeoutMillis;
        Endpoint known = resolved.get(key);
        return known != null ? known : resolved.computeIfAbsent(key, unknown -> http
                ? camel.getEndpoint(unknown)
                : new TimedEndpoint(camel.getEndpoint(instance), timeoutMillis, template(), otherTransportCalls));
    }

    private ProducerTemplate template() {
        if (otherTransportTemplate == null) {
            synchronized (this) {
                if (otherTransportTemplate == null) {
                    otherTransportTemplate = camel.createProducerTemplate();
                }
            }
        }
        return otherTransportTemplate;
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
