package dev.caravan.run;

import dev.caravan.compile.WorkflowCompiler;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The run package's beans that are not components of their own. */
@Configuration(proxyBeanMethods = false)
class RunConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    WorkflowCompiler workflowCompiler() {
        return new WorkflowCompiler();
    }
}
