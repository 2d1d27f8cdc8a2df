package dev.caravan.run;

import dev.caravan.agent.AgentCallException;
import dev.caravan.agent.AgentMetrics;
import dev.caravan.agent.CallProperties;
import dev.caravan.compile.PlannedStep;
import dev.caravan.definition.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The step-call route's {@code onExceptionOccurred}: records each failed attempt on the step, and
 * sets the delay before the next one from the step's backoff (with jitter), or from the agent's
 * Retry-After when it gave one. Camel's redelivery then waits that long.
 */
@Component("caravanAttempts")
public class AttemptRecorder implements Processor {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AttemptRecorder.class);

    private final FailureMessages failures;
    private final AgentMetrics metrics;

    public AttemptRecorder(FailureMessages failures, AgentMetrics metrics) {
        this.failures = failures;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        RunScope scope = StepTracker.scope(exchange);
        RunContext run = scope.run();
        String stepId = exchange.getProperty(StepTracker.STEP, String.class);
        String key = exchange.getProperty(CallProperties.STEP_KEY, String.class);
        Throwable failure = exchange.getException();
        StepResult current = key == null ? null : run.result(key).orElse(null);
        if (current == null || current.status() != StepStatus.RUNNING) {
            return; // the step never started (the run had stopped): there is no attempt to record
        }
        String agent = exchange.getProperty(CallProperties.AGENT, String.class);
        if (agent != null && !(failure instanceof io.github.resilience4j.circuitbreaker.CallNotPermittedException)) {
            metrics.failed(agent);
        }
        String instance = failure instanceof AgentCallException call ? call.instance() : null;
        StepResult attempted = current.attempted(instance, failures.describe(failure, agent));
        // not waited for: a failed attempt lost in a crash is an attempt more after the restart
        run.saveWithoutWaiting(attempted);
        PlannedStep step = run.planned(stepId);
        long delay = delayBefore(attempted.attempts() + 1, step.retry(), failure);
        exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, delay);
        LOG.info("Run {}: attempt {} of step {} failed: {}", run.runId(), attempted.attempts(), key, attempted.error());
    }

    /** Milliseconds to wait before attempt {@code nextAttempt} (2 for the first retry). */
    static long delayBefore(int nextAttempt, RetryPolicy retry, Throwable failure) {
        if (failure instanceof AgentCallException call && call.retryAfter() != null) {
            return call.retryAfter().toMillis();
        }
        Duration base = retry.delayAfter(Math.max(1, nextAttempt - 1));
        if (!retry.jitter() || base.isZero()) {
            return base.toMillis();
        }
        // up to 20% either way, so that many runs retrying one agent do not hit it in step
        double spread = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Math.round(base.toMillis() * spread);
    }
}
