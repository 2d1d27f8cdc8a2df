package dev.caravan.run;

import dev.caravan.compile.WorkflowCompiler;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The run package's beans that are not components of their own. */
@Configuration(proxyBeanMethods = false)
class RunConfiguration {

    /**
     * Caravan's time, to the microsecond: what the databases store. A run's record is built from
     * memory at its end (RunEnding), and must read the same as the stored one a later GET gets.
     */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    @Bean
    WorkflowCompiler workflowCompiler() {
        return new WorkflowCompiler();
    }
}
