package dev.caravan.run;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * Parallel branches and foreach items run on {@code caravanVirtualThreads}: one virtual thread
 * each, so a branch waiting on an agent holds no platform thread. Bound in Camel's registry only:
 * an executor among Spring's beans would stand in for the one Spring Boot builds for the web layer.
 */
@Component
class BranchThreads implements CamelContextConfiguration, AutoCloseable {

    static final String NAME = "caravanVirtualThreads";

    private final ExecutorService executor =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("caravan-branch-", 0).factory());

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        camelContext.getRegistry().bind(NAME, ExecutorService.class, executor);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // bound before the routes start: nothing more to do
    }

    @Override
    public void close() {
        executor.close();
    }
}
