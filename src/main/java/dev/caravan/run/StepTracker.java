package dev.caravan.run;

import dev.caravan.agent.AgentRegistry;
import dev.caravan.agent.CallProperties;
import dev.caravan.agent.NoAvailableInstanceException;
import dev.caravan.compile.PlannedStep;
import dev.caravan.definition.AgentCall;
import dev.caravan.expression.Bindings;
import dev.caravan.expression.ExpressionEvaluator;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The step transitions of a run, called from the generated routes (bean {@code caravanSteps}):
 * start, succeed, exhaust retries, skip. Each transition is committed through the run before the
 * route goes on, so a step's result is saved before any step that depends on it starts.
 */
@Component(StepTracker.BEAN)
public class StepTracker {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StepTracker.class);

    static final String BEAN = "caravanSteps";
    /** Set by the step-call route: the id of the step being called. */
    static final String STEP = "caravanStep";
    /** True when the step already succeeded in an earlier life of the run and is not called again. */
    static final String REPLAYED = "caravanReplayed";
    /** True when the step-call route is to call the agent now (not replayed, not waiting for a callback). */
    static final String CALL = "caravanCall";

    private final AgentRegistry agents;
    private final ExpressionEvaluator expressions;
    private final FailureMessages messages;
    private final WaitStore waits;
    private final CallbackTokens callbacks;

    public StepTracker(AgentRegistry agents, ExpressionEvaluator expressions, FailureMessages messages,
            WaitStore waits, CallbackTokens callbacks) {
        this.agents = agents;
        this.expressions = expressions;
        this.messages = messages;
        this.waits = waits;
        this.callbacks = callbacks;
    }

    static RunScope scope(Exchange exchange) {
        RunScope scope = exchange.getProperty(Bindings.PROPERTY, RunScope.class);
        if (scope == null) {
            throw new IllegalStateException("exchange " + exchange.getExchangeId() + " belongs to no run");
        }
        return scope;
    }

    /**
     * Marks an agent step running and prepares its call, or lets a completed step pass untouched.
     * The workflow's steps share one exchange: every property the step-call route reads after the
     * step's id is set here.
     */
    public void start(Exchange exchange) {
        String stepId = exchange.getProperty(STEP, String.class);
        exchange.setProperty(CALL, false);
        exchange.setProperty(CallProperties.ACCEPTED, false);
        RunScope scope = scope(exchange);
        RunContext run = scope.run();
        String key = scope.keyOf(stepId);
        StepResult earlier = run.result(key).orElse(null);
        if (earlier != null && earlier.status() == StepStatus.SUCCESS) {
            exchange.setProperty(REPLAYED, true);
            return;
        }
        run.checkRunning();
        exchange.setProperty(REPLAYED, false);
        PlannedStep step = run.planned(stepId);
        AgentCall call = step.call();
        String agent = call.agent() != null ? call.agent() : agentWithCapability(call.capability());
        exchange.setProperty(CallProperties.RUN_ID, run.runId());
        exchange.setProperty(CallProperties.WORKFLOW, run.workflow().workflowId());
        exchange.setProperty(CallProperties.STEP_KEY, key);
        exchange.setProperty(CallProperties.AGENT, agent);
        exchange.setProperty(CallProperties.ACTION, call.action());
        exchange.setProperty(CallProperties.TIMEOUT_MILLIS, step.timeout().toMillis());
        exchange.setProperty(CallProperties.CALLBACK_URL, callbacks.callbackUrl(run.runId(), key));
        if (earlier != null && earlier.status() == StepStatus.RUNNING && waitsForCallback(run.runId(), key)) {
            // an earlier life of the run had the agent's 202: the step waits again, it is not called again
            exchange.setProperty(CallProperties.ACCEPTED, true);
            return;
        }
        StepResult current = earlier != null ? earlier : StepResult.pending(key, stepId, agent);
        // not waited for: lost in a crash, the step is simply called again with the same Idempotency-Key
        run.saveWithoutWaiting(current.running(agent, run.now()));
        exchange.setProperty(CallProperties.PARAMS, expressions.render(call.params(), scope));
        exchange.setProperty(CALL, true);
    }

    /** An agent with the capability and a healthy instance; none for now: {@link #pick} tries again. */
    private String agentWithCapability(String capability) {
        try {
            return agents.selectByCapability(capability).id();
        } catch (NoAvailableInstanceException none) {
            return null;
        }
    }

    /**
     * Before each attempt of a step that names a capability (route {@code caravan.capability}):
     * when no agent was picked yet, because none had a healthy instance, picks one now, or fails
     * the attempt while there is none.
     */
    public void pick(Exchange exchange) {
        if (exchange.getProperty(CallProperties.AGENT) != null) {
            return;
        }
        RunContext run = scope(exchange).run();
        String key = exchange.getProperty(CallProperties.STEP_KEY, String.class);
        PlannedStep step = run.planned(exchange.getProperty(STEP, String.class));
        String agent = agents.selectByCapability(step.call().capability()).id();
        exchange.setProperty(CallProperties.AGENT, agent);
        run.saveWithoutWaiting(run.result(key).orElseThrow().running(agent, run.now()));
    }

    private boolean waitsForCallback(String runId, String key) {
        return waits.find(runId, key).map(row -> "callback".equals(row.waitingFor())).orElse(false);
    }

    /** Records the agent's output as the step's result; a replayed step keeps the result it has. */
    public void succeeded(Exchange exchange) {
        if (exchange.getProperty(REPLAYED, false, Boolean.class)) {
            return;
        }
        RunContext run = scope(exchange).run();
        String key = exchange.getProperty(CallProperties.STEP_KEY, String.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> output = exchange.getMessage().getBody(Map.class);
        StepResult current = run.result(key).orElseThrow();
        StepResult served = new StepResult(current.key(), current.stepId(), current.agent(), current.status(),
                current.output(), current.error(), current.attempts() + 1, current.startTime(), current.endTime(),
                exchange.getProperty(CallProperties.INSTANCE, String.class));
        run.saveBeforeDependants(served.succeeded(output == null ? Map.of() : output, run.now()));
    }

    /**
     * The step's retries are spent (the dead letter of the step-call route): records the failure,
     * and stops the run unless the step may fail.
     */
    public void exhausted(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause instanceof RunAbortedException aborted) {
            throw aborted;
        }
        if (cause instanceof StepFailedException recorded) {
            // from the attempt route, whose dead letter recorded it: it only passes the call's route
            throw recorded;
        }
        String stepId = exchange.getProperty(STEP, String.class);
        fail(exchange, stepId, messages.describe(cause, exchange.getProperty(CallProperties.AGENT, String.class)));
    }

    /**
     * Records a step's failure, stops the run unless the step may fail, and throws
     * {@link StepFailedException} for the workflow route (which goes on past a step that may fail).
     */
    void fail(Exchange exchange, String stepId, String message) {
        RunScope scope = scope(exchange);
        RunContext run = scope.run();
        String key = scope.keyOf(stepId);
        StepResult current = run.result(key).orElse(StepResult.pending(key, stepId, null));
        boolean fatal = !run.planned(stepId).control().continueOnFailure();
        LOG.warn("Run {} of {}: step {} failed{}: {}", run.runId(), run.workflow().workflowId(), key,
                fatal ? "" : " (continue_on_failure)", message);
        if (fatal) {
            // stop the run first, so that no dependant waiting for this step sees it merely done
            run.fail(key, message);
        }
        run.save(current.failed(message, run.now()));
        // thrown either way: a handled failure would stop the calling route in its tracks; a step
        // that may fail is caught by the workflow route (doTry around the step), which goes on
        throw new StepFailedException(key, message);
    }

    /** A step whose condition is false: it and every step nested in it are skipped. */
    public void skip(Exchange exchange, String stepId) {
        RunScope scope = scope(exchange);
        skipAll(scope, stepId);
        scope.run().workflow().plan().nestedIds(stepId).forEach(nested -> skipAll(scope, nested));
    }

    private void skipAll(RunScope scope, String stepId) {
        RunContext run = scope.run();
        String key = scope.keyOf(stepId);
        StepResult current = run.result(key).orElse(StepResult.pending(key, stepId, agentOf(run, stepId)));
        if (current.status() == StepStatus.PENDING) {
            run.save(current.skipped(run.now()));
        }
    }

    private static String agentOf(RunContext run, String stepId) {
        PlannedStep step = run.planned(stepId);
        return step.callsAgent() ? step.call().agent() : null;
    }

    /** A branch step took {@code then}: the {@code else} side is skipped. */
    public void thenTaken(Exchange exchange, String stepId) {
        branchTaken(exchange, stepId, "then");
        RunScope scope = scope(exchange);
        scope.run().workflow().plan().elseIds(stepId).forEach(id -> skipAll(scope, id));
    }

    /** A branch step took {@code else}: the {@code then} side is skipped. */
    public void elseTaken(Exchange exchange, String stepId) {
        branchTaken(exchange, stepId, "else");
        RunScope scope = scope(exchange);
        scope.run().workflow().plan().thenIds(stepId).forEach(id -> skipAll(scope, id));
    }

    private void branchTaken(Exchange exchange, String stepId, String side) {
        RunScope scope = scope(exchange);
        RunContext run = scope.run();
        run.checkRunning();
        String key = scope.keyOf(stepId);
        StepResult current = run.result(key).orElse(StepResult.pending(key, stepId, null));
        if (current.status() == StepStatus.PENDING) {
            run.saveBeforeDependants(current.succeeded(Map.of("branch", side), run.now()));
        }
    }

    /** Blocks (a virtual thread) until the step's dependencies are done; gives up when the run fails. */
    public void awaitDependencies(Exchange exchange, String stepId, String dependencies) {
        RunScope scope = scope(exchange);
        RunContext run = scope.run();
        for (String dependency : dependencies.split(",")) {
            run.checkRunning();
            try {
                run.completion(scope.keyOf(dependency)).join();
            } catch (java.util.concurrent.CompletionException stopped) {
                run.checkRunning();
                throw stopped;
            }
        }
    }
}
