package dev.caravan.run;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Hands a message to one of Caravan's own aggregator routes ({@code routes/waits.yaml},
 * {@code routes/joins.yaml}) as a fresh exchange, and waits until the route has taken it. From a
 * thread of its own: the callers are themselves in a route (a step, a branch, the API), and a
 * nested synchronous send on a route's thread waits for work that Camel has queued behind the
 * caller on that same thread.
 */
@Component
class RouteHandOff {

    private final CamelContext camel;
    private final ExecutorService sender = Executors.newVirtualThreadPerTaskExecutor();
    private volatile ProducerTemplate producer;

    RouteHandOff(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * Sends the body with these headers and returns once the route is done with it; a failure of
     * the route is thrown, as is (a runtime exception) or wrapped, its message prefixed with {@code what}.
     */
    void send(String endpoint, Map<String, Object> headers, Object body, String what) {
        Exchange sent;
        try {
            sent = sender.submit(() -> producer().send(endpoint, exchange -> {
                exchange.getMessage().setHeaders(new java.util.HashMap<>(headers));
                exchange.getMessage().setBody(body);
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunAbortedException("interrupted while handing over " + what);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        }
        Exception failure = sent.getException();
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new IllegalStateException(what + " failed: " + failure.getMessage(), failure);
        }
    }

    private ProducerTemplate producer() {
        ProducerTemplate template = producer;
        if (template == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = camel.createProducerTemplate();
                }
                template = producer;
            }
        }
        return template;
    }
}
