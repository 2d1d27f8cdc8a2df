package dev.caravan.agent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.ExchangeHelper;

/**
 * An agent instance on another transport than HTTP (docs/agent-protocol.md, "Other transports"),
 * held to the step's {@code timeout} as an HTTP call is by its client: the call runs on a thread of
 * its own, and when it has not answered in time the attempt fails with a {@link TimeoutException},
 * which the step's retry policy retries like any timeout. The call left behind may still finish;
 * its answer is dropped, as an HTTP answer that comes after the client gave up would be.
 */
final class TimedEndpoint extends DefaultEndpoint {

    private final Endpoint target;
    private final long timeoutMillis;
    private final ProducerTemplate calls;
    private final Executor callThreads;

    TimedEndpoint(Endpoint target, long timeoutMillis, ProducerTemplate calls, Executor callThreads) {
        super(target.getEndpointUri(), null);
        setCamelContext(target.getCamelContext());
        this.target = target;
        this.timeoutMillis = timeoutMillis;
        this.calls = calls;
        this.callThreads = callThreads;
    }

    Endpoint target() {
        return target;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    @Override
    public Producer createProducer() {
        return new DefaultAsyncProducer(this) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                // the call gets a copy: it may still change it after the attempt gave up on it
                Exchange call = exchange.copy();
                CompletableFuture.supplyAsync(() -> calls.send(target, call), callThreads)
                        .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                        .whenComplete((answered, failure) -> {
                            if (failure == null) {
                                ExchangeHelper.copyResults(exchange, answered);
                            } else {
                                exchange.setException(unwrapped(failure));
                            }
                            callback.done(false);
                        });
                return false;
            }
        };
    }

    private Throwable unwrapped(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof TimeoutException
                ? new TimeoutException("no answer from " + target.getEndpointUri() + " within " + timeoutMillis + " ms")
                : cause;
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("an agent endpoint is only called: " + getEndpointUri());
    }

    @Override
    public boolean isSingleton() {
        return true;
    }
}
