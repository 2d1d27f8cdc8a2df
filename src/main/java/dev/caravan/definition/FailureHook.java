package dev.caravan.definition;

import java.util.Map;

/** Something done once when a run fails. */
public sealed interface FailureHook {

    SourcePosition position();

    /** Calls an agent action with the failed step and the error in its params. */
    record AgentHook(String agent, String action, Map<String, Object> params, SourcePosition position)
            implements FailureHook {
        public AgentHook {
            // like AgentCall: keeps the written order and allows null values (a YAML key without value)
            params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        }
    }

    /**
     * Posts a notification: to {@code SLACK_WEBHOOK_URL} for {@link Channel#SLACK}, to {@code url}
     * for {@link Channel#WEBHOOK}.
     */
    record NotifyHook(Channel channel, String url, SourcePosition position) implements FailureHook {
    }

    enum Channel { SLACK, WEBHOOK }
}
