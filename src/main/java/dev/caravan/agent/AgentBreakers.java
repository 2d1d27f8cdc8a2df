package dev.caravan.agent;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * One resilience4j circuit breaker per agent, named after the agent, with its metrics
 * ({@code resilience4j_circuitbreaker_*{name="agent10"}}) published to Micrometer.
 */
@Component
public class AgentBreakers {

    private final CircuitBreakerRegistry breakers;

    public AgentBreakers(BreakerProperties properties, MeterRegistry meters) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.failureRateThreshold())
                .slidingWindowSize(properties.slidingWindowSize())
                .minimumNumberOfCalls(properties.minimumNumberOfCalls())
                .waitDurationInOpenState(properties.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(properties.permittedCallsInHalfOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                // an agent that answers, even with a failure of its own, is a healthy agent
                .ignoreExceptions(AgentFailureException.class)
                .writableStackTraceEnabled(false)
                .build();
        this.breakers = CircuitBreakerRegistry.of(config);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
    }

    public CircuitBreaker of(String agentId) {
        return breakers.circuitBreaker(agentId);
    }

    /** The name under which an agent's breaker is bound in Camel's registry, for the agent route. */
    public static String beanName(String agentId) {
        return agentId + ".breaker";
    }
}
