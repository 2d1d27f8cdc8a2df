package dev.caravan.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.caravan.agent.AgentDefinition;
import dev.caravan.agent.AgentRegistry;
import dev.caravan.demo.DemoExchange.Request;
import dev.caravan.demo.DemoExchange.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The simulated agents of one fleet: each registry instance URL on the fleet's port is served at
 * its path, speaking the agent protocol. Lenient on purpose: any agent answers any action the demo
 * knows, not only its declared capabilities, so that people can try workflows freely; an action
 * that is neither known nor declared is a 404.
 */
final class DemoAgents {

    private static final int REMEMBERED_ANSWERS = 10_000;

    private final Map<String, AgentDefinition> agentsByPath;
    private final Set<String> agentIds;
    private final DemoProperties properties;
    private final IdempotencyCache answers = new IdempotencyCache(REMEMBERED_ANSWERS);

    private DemoAgents(Map<String, AgentDefinition> agentsByPath, DemoProperties properties) {
        this.agentsByPath = agentsByPath;
        this.agentIds = Collections.unmodifiableSet(new LinkedHashSet<>(
                agentsByPath.values().stream().map(AgentDefinition::id).toList()));
        this.properties = properties;
    }

    /** The agents of the registry with an instance on {@code 127.0.0.1} or {@code localhost} at the fleet's port. */
    static DemoAgents from(AgentRegistry registry, DemoProperties properties) {
        Map<String, AgentDefinition> byPath = new LinkedHashMap<>();
        for (AgentDefinition agent : registry.agents()) {
            for (String instance : agent.instances()) {
                pathOnFleet(instance, properties.port()).ifPresent(path -> byPath.putIfAbsent(path, agent));
            }
        }
        return new DemoAgents(byPath, properties);
    }

    /** No agents: the fleet of a Caravan that calls real ones. */
    static DemoAgents none(DemoProperties properties) {
        return new DemoAgents(Map.of(), properties);
    }

    Set<String> agentIds() {
        return agentIds;
    }

    boolean serves(String path) {
        return pathPrefix(path).isPresent();
    }

    Response handle(Request request) {
        Optional<String> prefix = pathPrefix(request.path());
        if (prefix.isEmpty()) {
            return Response.failure(404, "no demo agent at " + request.path());
        }
        AgentDefinition agent = agentsByPath.get(prefix.get());
        String rest = request.path().substring(prefix.get().length());
        if (rest.equals("/health")) {
            return request.method().equals("GET") ? health(agent) : Response.methodNotAllowed("GET");
        }
        String action = rest.startsWith("/actions/") ? rest.substring("/actions/".length()) : "";
        if (action.isEmpty() || action.contains("/")) {
            return Response.failure(404, agent.id() + " has no resource '" + rest + "'");
        }
        return request.method().equals("POST") ? call(agent, action, request) : Response.methodNotAllowed("POST");
    }

    private Response call(AgentDefinition agent, String action, Request request) {
        if (!DemoOutputs.knows(action) && !agent.hasCapability(action)) {
            return Response.failure(404, agent.id() + " has no action '" + action + "'");
        }
        Map<String, Object> params;
        try {
            params = params(request.body());
        } catch (JsonProcessingException e) {
            return Response.failure(400, "the request body is not a JSON object: " + e.getOriginalMessage());
        }
        String key = request.idempotencyKey() == null ? null
                : agent.id() + " " + action + " " + request.idempotencyKey();
        Optional<Response> earlier = key == null ? Optional.empty() : answers.find(key);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        sleep(jittered(properties.latencyOf(agent.id())));
        double failureRate = properties.failureRateOf(agent.id());
        if (ThreadLocalRandom.current().nextDouble() < failureRate) {
            // not remembered: a retry with the same key must get a fresh chance to succeed
            return Response.failure(503, agent.id() + " is unavailable (simulated by the demo fleet, failure rate "
                    + failureRate + ")");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("output", DemoOutputs.produce(agent.id(), action, params));
        Response response = Response.json(200, body);
        return key == null ? response : answers.remember(key, response);
    }

    private static Map<String, Object> params(byte[] body) throws JsonProcessingException {
        if (body.length == 0) {
            return Map.of();
        }
        Map<?, ?> request = DemoExchange.JSON.readValue(new String(body, StandardCharsets.UTF_8), Map.class);
        Map<String, Object> params = new LinkedHashMap<>();
        if (request != null && request.get("params") instanceof Map<?, ?> given) {
            given.forEach((name, value) -> params.put(String.valueOf(name), value));
        }
        return params;
    }

    private static Response health(AgentDefinition agent) {
        return Response.json(200, Map.of("status", "UP", "agent", agent.id(), "demo", true));
    }

    /** The longest registered path that is the request path or a parent of it. */
    private Optional<String> pathPrefix(String path) {
        return agentsByPath.keySet().stream()
                .filter(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"))
                .max(Comparator.comparingInt(String::length));
    }

    private static Optional<String> pathOnFleet(String instance, int port) {
        URI uri;
        try {
            uri = new URI(instance);
        } catch (URISyntaxException e) {
            return Optional.empty(); // a Camel endpoint URI that java.net.URI rejects: not ours anyway
        }
        boolean local = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost());
        String path = uri.getPath() == null ? "" : uri.getPath();
        return "http".equals(uri.getScheme()) && local && uri.getPort() == port && path.length() > 1
                ? Optional.of(path)
                : Optional.empty();
    }

    private static Duration jittered(Duration latency) {
        // latency plus or minus 50%: uniformly between half and one and a half times it
        double factor = 0.5 + ThreadLocalRandom.current().nextDouble();
        return Duration.ofNanos((long) (latency.toNanos() * factor));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
