package dev.caravan.trigger;

import dev.caravan.definition.TriggerPolicy;
import dev.caravan.event.EventBridge;
import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The trigger package's beans that are not components of their own: the URI rules and endpoints. */
@Configuration(proxyBeanMethods = false)
class TriggerConfiguration {

    @Bean
    CamelUriCheck camelUriCheck(CamelContext camel) {
        return new CamelUriCheck(camel);
    }

    /** The parser's trigger policy: spring-redis triggers need the Redis of the event bridge (REDIS_URL). */
    @Bean
    TriggerUriPolicy triggerPolicy(TriggerProperties settings, CamelUriCheck camel, EventBridge bridge) {
        return new TriggerUriPolicy(settings, camel, bridge.enabled());
    }

    @Bean
    TriggerEndpoints triggerEndpoints(TriggerUriPolicy policy, CamelUriCheck camel) {
        return new TriggerEndpoints(policy, camel);
    }
}
