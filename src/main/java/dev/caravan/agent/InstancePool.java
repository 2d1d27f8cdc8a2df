package dev.caravan.agent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instances of one agent with their health, handing them out round robin. Lock-free: health
 * flags and the cursor are atomics; the set of instances never changes after loading.
 */
final class InstancePool {

    private final AgentDefinition agent;
    private final Map<String, AtomicBoolean> health;
    private final AtomicInteger cursor = new AtomicInteger();

    InstancePool(AgentDefinition agent) {
        this.agent = agent;
        Map<String, AtomicBoolean> flags = new LinkedHashMap<>();
        agent.instances().forEach(url -> flags.put(url, new AtomicBoolean(true)));
        this.health = flags;
    }

    AgentDefinition agent() {
        return agent;
    }

    /** The next healthy instance in turn, or empty when there is none. */
    Optional<AgentInstance> next() {
        // every agent call asks: counted and picked in place, without collecting a list (the stream
        // that did showed in profiles)
        int healthy = healthyCount();
        if (healthy == 0) {
            return Optional.empty();
        }
        // floorMod keeps the index valid after the counter wraps past Integer.MAX_VALUE
        int turn = Math.floorMod(cursor.getAndIncrement(), healthy);
        Optional<AgentInstance> inTurn = healthyFrom(turn);
        // an instance went down since they were counted: the first one still healthy, if any
        return inTurn.isPresent() ? inTurn : healthyFrom(0);
    }

    boolean hasHealthyInstance() {
        return health.values().stream().anyMatch(AtomicBoolean::get);
    }

    void mark(String url, boolean healthy) {
        AtomicBoolean flag = health.get(url);
        if (flag == null) {
            throw new IllegalArgumentException(
                    "agent " + agent.id() + " has no instance '" + url + "'; it has " + agent.instances());
        }
        flag.set(healthy);
    }

    /** Instance URL to healthy, in file order; a copy. */
    Map<String, Boolean> snapshot() {
        Map<String, Boolean> copy = new LinkedHashMap<>();
        health.forEach((url, flag) -> copy.put(url, flag.get()));
        return copy;
    }

    /** Why {@link #next()} is empty, for the exception a caller sees. */
    String unavailableReason() {
        int count = agent.instances().size();
        if (count == 0) {
            return "agent " + agent.id() + " has no instances";
        }
        String instances = count == 1 ? "1 instance" : count + " instances";
        return "no healthy instance of " + agent.id() + " (" + instances + ", all down)";
    }

    /** The healthy instance at {@code turn} among the healthy ones, else the next one after it. */
    private Optional<AgentInstance> healthyFrom(int turn) {
        int skip = turn;
        for (Map.Entry<String, AtomicBoolean> instance : health.entrySet()) {
            if (instance.getValue().get() && skip-- <= 0) {
                return Optional.of(new AgentInstance(agent.id(), instance.getKey()));
            }
        }
        return Optional.empty();
    }

    private int healthyCount() {
        int count = 0;
        for (AtomicBoolean flag : health.values()) {
            if (flag.get()) {
                count++;
            }
        }
        return count;
    }
}
