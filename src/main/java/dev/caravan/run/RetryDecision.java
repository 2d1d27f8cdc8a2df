package dev.caravan.run;

import dev.caravan.agent.CallProperties;
import dev.caravan.compile.PlannedStep;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.springframework.stereotype.Component;

/**
 * The step-call route's {@code retryWhile}: another attempt when the failure is worth retrying
 * and the step's policy has attempts left.
 */
@Component("caravanRetry")
public class RetryDecision implements Predicate {

    private final FailureMessages failures;

    public RetryDecision(FailureMessages failures) {
        this.failures = failures;
    }

    @Override
    public boolean matches(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        if (!failures.retryable(failure)) {
            return false;
        }
        RunScope scope = StepTracker.scope(exchange);
        if (scope.run().failure().isPresent()) {
            return false;
        }
        PlannedStep step = scope.run().planned(exchange.getProperty(StepTracker.STEP, String.class));
        // the attempt recorder has counted this failed attempt already (onExceptionOccurred runs first)
        int attemptsMade = scope.run().result(exchange.getProperty(CallProperties.STEP_KEY, String.class))
                .map(StepResult::attempts).orElse(1);
        return attemptsMade < step.retry().maxAttempts();
    }
}
