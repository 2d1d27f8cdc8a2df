package dev.caravan.agent;

/**
 * The agent answered, and the answer is a failure it owns: {@code status: failure}, or a 4xx. Not
 * retried, and not counted against the agent's circuit breaker: the agent is healthy.
 */
public class AgentFailureException extends AgentCallException {

    public AgentFailureException(String message, String instance) {
        super(message, false, null, instance);
    }
}
