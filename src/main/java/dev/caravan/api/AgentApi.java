package dev.caravan.api;

import dev.caravan.agent.AgentBreakers;
import dev.caravan.agent.AgentDefinition;
import dev.caravan.agent.AgentRegistry;
import dev.caravan.demo.DemoFleet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** The agents part of the API: the registry, each instance's health, each breaker's state. */
@Component("agentApi")
class AgentApi {

    private final AgentRegistry registry;
    private final AgentBreakers breakers;
    private final DemoFleet demo;
    private final Responses responses;

    AgentApi(AgentRegistry registry, AgentBreakers breakers, DemoFleet demo, Responses responses) {
        this.registry = registry;
        this.breakers = breakers;
        this.demo = demo;
        this.responses = responses;
    }

    public void list(Exchange exchange) {
        List<Map<String, Object>> agents = registry.agents().stream().map(this::describe).toList();
        responses.json(exchange, 200, Map.of("agents", agents, "demo", demo.isEnabled()));
    }

    public void get(Exchange exchange) {
        String id = Responses.pathParam(exchange, "id");
        AgentDefinition agent = registry.find(id).orElseThrow(() -> new NotFoundException("no agent '" + id + "'"));
        responses.json(exchange, 200, describe(agent));
    }

    private Map<String, Object> describe(AgentDefinition agent) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", agent.id());
        body.put("name", agent.name());
        body.put("tier", agent.tier());
        body.put("capabilities", agent.capabilities());
        Map<String, Boolean> health = registry.instanceHealth(agent.id());
        body.put("instances", agent.instances().stream()
                .map(url -> Map.of("url", url, "healthy", health.getOrDefault(url, true))).toList());
        body.put("circuit", breakers.of(agent.id()).getState().name().toLowerCase());
        body.put("demo", demo.isDemo(agent.id()));
        return body;
    }
}
