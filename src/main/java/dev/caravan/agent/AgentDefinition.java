package dev.caravan.agent;

import java.util.List;
import java.util.Objects;

/**
 * One agent of the registry.
 *
 * @param id           {@code agent1}..{@code agent20} for the seed fleet, or any lower-case name
 * @param name         a human name ("Security Scanner")
 * @param tier         its tier
 * @param capabilities snake_case names of what it can do; every action the agent serves
 * @param instances    where it is reachable, placeholders already resolved: {@code http(s)} base
 *                     URLs without trailing slash, or Camel endpoint URIs for other transports;
 *                     empty for an agent that is not called over a transport (Caravan itself)
 * @param description  free text, empty when the file gives none
 */
public record AgentDefinition(
        String id,
        String name,
        AgentTier tier,
        List<String> capabilities,
        List<String> instances,
        String description) {

    public AgentDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tier, "tier");
        capabilities = List.copyOf(capabilities);
        instances = List.copyOf(instances);
        description = description == null ? "" : description;
    }

    public boolean hasCapability(String capability) {
        return capabilities.contains(capability);
    }
}
