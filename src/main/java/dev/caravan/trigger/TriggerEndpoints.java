package dev.caravan.trigger;

import dev.caravan.event.EventBridge;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.util.URISupport;

/**
 * The endpoint a trigger's route reads from: the URI the workflow wrote, with what Caravan adds.
 * A {@code file:} folder is resolved under the file root, and a file that starts no run is moved
 * to {@code .rejected/} in its folder; a {@code spring-redis:} subscription goes through
 * Caravan's own Redis connection (REDIS_URL) and reads each message as UTF-8 text, never as
 * serialized Java objects.
 */
final class TriggerEndpoints {

    static final String MOVE_FAILED = "moveFailed";
    static final String REJECTED_FOLDER = ".rejected";

    private final TriggerUriPolicy policy;
    private final CamelUriCheck camel;

    TriggerEndpoints(TriggerUriPolicy policy, CamelUriCheck camel) {
        this.policy = policy;
        this.camel = camel;
    }

    /** The URI to consume from, for a URI the policy accepted. */
    String endpointUri(String uri) {
        try {
            Map<String, Object> options = new LinkedHashMap<>(TriggerUriPolicy.options(uri));
            return switch (TriggerUriPolicy.schemeOf(uri).orElseThrow()) {
                case TriggerUriPolicy.FILE -> file(uri, options);
                case TriggerUriPolicy.REDIS -> redis(uri, options);
                default -> uri;
            };
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a Camel endpoint URI: " + e.getMessage(), e);
        }
    }

    private String file(String uri, Map<String, Object> options) throws URISyntaxException {
        String folder = policy.resolve(camel.properties(uri).get("directoryName")).toString();
        if (!"true".equals(String.valueOf(options.get("noop")))) {
            // with noop the file stays where it is anyway, remembered as read
            options.put(MOVE_FAILED, REJECTED_FOLDER);
        }
        String base = camel.endpointUri(TriggerUriPolicy.FILE, Map.of("directoryName", folder));
        return URISupport.appendParametersToURI(base, options);
    }

    private static String redis(String uri, Map<String, Object> options) throws URISyntaxException {
        Map<String, Object> caravan = new LinkedHashMap<>();
        if (!options.containsKey("command")) {
            caravan.put("command", "SUBSCRIBE");
        }
        caravan.put("connectionFactory", "#" + EventBridge.REDIS_CONNECTIONS);
        caravan.put("serializer", "#" + EventBridge.REDIS_TEXT);
        return URISupport.appendParametersToURI(uri, caravan);
    }
}
