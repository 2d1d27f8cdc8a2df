package dev.caravan.run;

import dev.caravan.agent.AgentCallException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.springframework.stereotype.Component;

/**
 * Says in one line what went wrong with a call, for a step's {@code error}: the words a user needs
 * to act, not a stack trace.
 */
@Component
public class FailureMessages {

    public String describe(Throwable failure, String agent) {
        Throwable cause = unwrap(failure);
        String who = agent == null ? "the agent" : agent;
        return switch (cause) {
            case null -> "unknown failure";
            case CallNotPermittedException open -> "circuit open for " + who;
            case AgentCallException call -> call.getMessage();
            case ConnectTimeoutException timeout -> "timed out connecting to " + who;
            case SocketTimeoutException timeout -> "timed out waiting for " + who;
            case HttpTimeoutException timeout -> "timed out waiting for " + who;
            case ConnectException refused -> "cannot connect to " + who + ": " + refused.getMessage();
            case NoHttpResponseException none -> who + " closed the connection without answering";
            default -> cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        };
    }

    /** Whether another attempt may succeed: transport errors, timeouts, 5xx and 429. */
    public boolean retryable(Throwable failure) {
        Throwable cause = unwrap(failure);
        return switch (cause) {
            case null -> false;
            case CallNotPermittedException open -> false;
            case AgentCallException call -> call.retryable();
            case RunAbortedException aborted -> false;
            case java.io.IOException transport -> true;
            case java.util.concurrent.TimeoutException timeout -> true;
            default -> cause.getClass().getSimpleName().equals("NoAvailableInstanceException");
        };
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current != null && current.getCause() != null && current.getCause() != current
                && (current instanceof org.apache.camel.CamelExecutionException
                        || current instanceof org.apache.camel.RuntimeCamelException
                        || current instanceof java.util.concurrent.CompletionException)) {
            current = current.getCause();
        }
        return current;
    }
}
