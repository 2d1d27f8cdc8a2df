package dev.caravan.agent;

/**
 * No instance can take a call: the agent has none, all of its instances are marked down, or no
 * agent with a healthy instance declares the capability asked for.
 */
public class NoAvailableInstanceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NoAvailableInstanceException(String message) {
        super(message);
    }
}
