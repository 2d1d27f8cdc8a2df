package dev.caravan.agent;

import java.time.Duration;

/**
 * An agent call that did not succeed. {@link #retryable()} follows the protocol: 5xx and 429 are
 * worth another attempt (after {@link #retryAfter()} when the agent said so); 4xx and an agent's
 * own {@code status: failure} are not.
 */
public class AgentCallException extends RuntimeException {

    private final boolean retryable;
    private final Duration retryAfter;
    private final String instance;

    AgentCallException(String message, boolean retryable, Duration retryAfter, String instance) {
        super(message, null, false, false);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.instance = instance;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The delay the agent asked for with Retry-After, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The instance that answered. */
    public String instance() {
        return instance;
    }
}
