package dev.caravan.definition;

import java.util.Map;

/**
 * A call of one action on one agent (or on any agent with a capability).
 *
 * @param id the id the call's result is known by (the step's id, or a parallel branch's id)
 * @param agent the agent id, null when {@code capability} selects the agent
 * @param capability a capability any healthy agent may serve, null when {@code agent} is given
 * @param action the action to call
 * @param params the action's params; string values may hold {@code ${...}} templates
 * @param position where the call was written
 */
public record AgentCall(
        String id, String agent, String capability, String action, Map<String, Object> params, SourcePosition position) {

    public AgentCall {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }
}
