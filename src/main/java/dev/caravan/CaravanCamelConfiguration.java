package dev.caravan;

import org.apache.camel.CamelContext;
import org.apache.camel.ContextEvents;
import org.apache.camel.spi.StartupConditionStrategy;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.CamelConfigurationProperties;
import org.apache.camel.spring.boot.CamelSpringBootApplicationController;
import org.apache.camel.spring.spi.CamelBeanPostProcessor;
import org.apache.camel.support.ResetableClock;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Caravan's {@link CamelContext}, a {@link CaravanCamelContext}. Built and configured step by step
 * as Camel Spring Boot's own {@code CamelAutoConfiguration.camelContext} does (4.17), which steps
 * aside when a context bean exists: every {@code camel.*} setting applies as before.
 */
@Configuration(proxyBeanMethods = false)
class CaravanCamelConfiguration {

    /** The same name and destroy method (none: Camel Spring Boot stops the context itself) as Camel's. */
    @Bean(destroyMethod = "")
    CamelContext camelContext(ApplicationContext spring, CamelConfigurationProperties settings,
            CamelBeanPostProcessor beanPostProcessor, StartupConditionStrategy startupConditions) throws Exception {
        ResetableClock bootClock = new ResetableClock();
        CamelSpringBootApplicationController controller = new CamelSpringBootApplicationController(spring);
        CamelContext camel = new CaravanCamelContext(spring, settings.getMain().isWarnOnEarlyShutdown(), controller);
        camel.getClock().add(ContextEvents.BOOT, bootClock);
        controller.setCamelContext(camel);
        beanPostProcessor.setCamelContext(camel);
        camel.getCamelContextExtension().addContextPlugin(CamelBeanPostProcessor.class, beanPostProcessor);
        camel.getCamelContextExtension().addContextPlugin(StartupConditionStrategy.class, startupConditions);
        return CamelAutoConfiguration.doConfigureCamelContext(spring, camel, settings, controller);
    }
}
