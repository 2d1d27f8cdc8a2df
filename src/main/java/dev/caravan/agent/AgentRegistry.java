package dev.caravan.agent;

import dev.caravan.definition.AgentCatalog;
import dev.caravan.definition.SourcePosition;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertyResolver;
import org.springframework.stereotype.Component;

/**
 * The agents Caravan can call: loaded once at start-up from the registry file
 * ({@code caravan.agents.file}), with per-instance health and round-robin selection.
 *
 * <p>Thread-safe and lock-free: the set of agents is fixed after loading; health flags and
 * round-robin cursors are atomics. All instances start healthy until someone marks them down.
 *
 * <p>Outside Spring, build one with {@link #load(Path, PropertyResolver)} or {@link #of(List)}.
 */
@Component
public class AgentRegistry implements AgentCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRegistry.class);

    private final Map<String, InstancePool> pools;
    private final Map<String, List<InstancePool>> poolsByCapability;
    private final Map<String, AtomicInteger> capabilityCursors;

    /**
     * Loads {@code properties.file()}, resolving {@code ${...}} in instance URLs against the
     * environment.
     *
     * @throws InvalidAgentRegistryException when the file is missing or has any problem
     */
    @Autowired
    public AgentRegistry(AgentProperties properties, Environment environment) {
        this(read(properties.file(), environment));
        for (InstancePool pool : pools.values()) {
            AgentDefinition agent = pool.agent();
            LOG.info("Agent registered: {} \"{}\" ({}), capabilities {}, instances {}",
                    agent.id(), agent.name(), agent.tier().label(), agent.capabilities(), agent.instances());
        }
    }

    private AgentRegistry(List<AgentDefinition> agents) {
        Map<String, InstancePool> byId = new LinkedHashMap<>();
        for (AgentDefinition agent : agents) {
            if (byId.putIfAbsent(agent.id(), new InstancePool(agent)) != null) {
                throw new IllegalArgumentException("duplicate agent id '" + agent.id() + "'");
            }
        }
        this.pools = byId;
        Map<String, List<InstancePool>> byCapability = new LinkedHashMap<>();
        for (InstancePool pool : byId.values()) {
            for (String capability : pool.agent().capabilities()) {
                byCapability.computeIfAbsent(capability, key -> new ArrayList<>()).add(pool);
            }
        }
        this.poolsByCapability = byCapability;
        this.capabilityCursors = byCapability.keySet().stream()
                .collect(Collectors.toUnmodifiableMap(Function.identity(), capability -> new AtomicInteger()));
    }

    /** A registry read from a file; {@code ${...}} in instance URLs resolve against {@code placeholders}. */
    public static AgentRegistry load(Path file, PropertyResolver placeholders) {
        return new AgentRegistry(read(file, placeholders));
    }

    /** A registry of the given agents, for tests and embedding. */
    public static AgentRegistry of(List<AgentDefinition> agents) {
        return new AgentRegistry(agents);
    }

    /** Every agent, in file order. */
    public List<AgentDefinition> agents() {
        return pools.values().stream().map(InstancePool::agent).toList();
    }

    public Optional<AgentDefinition> find(String id) {
        return Optional.ofNullable(pools.get(id)).map(InstancePool::agent);
    }

    /**
     * The agent's next healthy instance, round robin.
     *
     * @throws NoAvailableInstanceException when it has no instance or all are down
     * @throws IllegalArgumentException     for an unknown agent id
     */
    public AgentInstance selectInstance(String agentId) {
        InstancePool pool = pool(agentId);
        return pool.next().orElseThrow(() -> new NoAvailableInstanceException(pool.unavailableReason()));
    }

    /**
     * The next agent, round robin, among those that declare the capability and have a healthy
     * instance.
     *
     * @throws NoAvailableInstanceException when no agent declares it or none of those is healthy
     */
    public AgentDefinition selectByCapability(String capability) {
        List<InstancePool> candidates = poolsByCapability.getOrDefault(capability, List.of());
        if (candidates.isEmpty()) {
            throw new NoAvailableInstanceException("no agent declares the capability '" + capability + "'");
        }
        List<InstancePool> healthy = candidates.stream().filter(InstancePool::hasHealthyInstance).toList();
        if (healthy.isEmpty()) {
            String declaredBy = candidates.stream().map(pool -> pool.agent().id()).collect(Collectors.joining(", "));
            throw new NoAvailableInstanceException("no healthy agent with the capability '" + capability
                    + "' (declared by " + declaredBy + ", all down)");
        }
        int turn = capabilityCursors.get(capability).getAndIncrement();
        return healthy.get(Math.floorMod(turn, healthy.size())).agent();
    }

    /**
     * Records the outcome of a health check. Health polling calls it; until then every instance is
     * healthy.
     *
     * @throws IllegalArgumentException for an unknown agent or instance URL
     */
    public void markInstanceHealth(String agentId, String instanceUrl, boolean healthy) {
        pool(agentId).mark(InstanceUrls.normalize(instanceUrl), healthy);
    }

    /** Instance URL to healthy, in file order: a snapshot. */
    public Map<String, Boolean> instanceHealth(String agentId) {
        return pool(agentId).snapshot();
    }

    @Override
    public boolean hasAgent(String agentId) {
        return pools.containsKey(agentId);
    }

    @Override
    public boolean hasCapability(String capability) {
        return poolsByCapability.containsKey(capability);
    }

    @Override
    public Collection<String> agentIds() {
        return List.copyOf(pools.keySet());
    }

    private InstancePool pool(String agentId) {
        InstancePool pool = pools.get(agentId);
        if (pool == null) {
            throw new IllegalArgumentException("unknown agent '" + agentId + "'; known agents: " + pools.keySet());
        }
        return pool;
    }

    private static List<AgentDefinition> read(Path file, PropertyResolver placeholders) {
        String name = file.toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return RegistryFileReader.read(name, reader, placeholders);
        } catch (NoSuchFileException e) {
            throw fileProblem(name, "file not found (working directory " + Path.of("").toAbsolutePath()
                    + "); set caravan.agents.file or CARAVAN_AGENTS_FILE");
        } catch (IOException e) {
            throw fileProblem(name, "cannot read the file: " + e.getMessage());
        }
    }

    private static InvalidAgentRegistryException fileProblem(String file, String message) {
        return new InvalidAgentRegistryException(file, List.of(new InvalidAgentRegistryException.Problem(
                file, SourcePosition.UNKNOWN, message)));
    }
}
