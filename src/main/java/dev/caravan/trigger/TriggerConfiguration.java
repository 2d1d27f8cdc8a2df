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

    /**
     * Trigger routes on the leader node only (Camel adds a route policy factory found as a bean to
     * every route it creates); {@code caravan.triggers.leader-only=false} runs them on every node.
     */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "caravan.triggers.leader-only",
            havingValue = "true", matchIfMissing = true)
    TriggerRoutePolicies triggerRoutePolicies(org.apache.camel.cluster.CamelClusterService cluster) {
        return new TriggerRoutePolicies(cluster);
    }

    @Bean
    TriggerEndpoints triggerEndpoints(TriggerUriPolicy policy, CamelUriCheck camel) {
        return new TriggerEndpoints(policy, camel);
    }
}
