package dev.caravan.agent;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How each agent's circuit breaker judges the agent. One breaker per agent, shared by every run and
 * every step that calls it.
 *
 * @param failureRateThreshold percentage of failed calls in the window that opens the breaker
 * @param slidingWindowSize how many of the latest calls the failure rate is computed over
 * @param minimumNumberOfCalls calls needed in the window before the rate is judged at all
 * @param waitInOpenState how long an open breaker fails calls at once before letting a few through
 * @param permittedCallsInHalfOpenState calls let through to test a recovering agent
 */
@ConfigurationProperties("caravan.agents.breaker")
public record BreakerProperties(
        @DefaultValue("50") float failureRateThreshold,
        @DefaultValue("10") int slidingWindowSize,
        @DefaultValue("5") int minimumNumberOfCalls,
        @DefaultValue("30s") Duration waitInOpenState,
        @DefaultValue("2") int permittedCallsInHalfOpenState) {
}
