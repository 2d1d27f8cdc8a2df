package dev.caravan.definition;

import java.util.Map;

/** Something done once when a run fails. */
public sealed interface FailureHook {

    SourcePosition position();

    /** Calls an agent action with the failed step and the error in its params. */
    record AgentHook(String agent, String action, Map<String, Object> params, SourcePosition position)
            implements FailureHook {
        public AgentHook {
            params = params == null ? Map.of() : Map.copyOf(params);
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
