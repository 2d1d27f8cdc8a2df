package dev.caravan.run;

import dev.caravan.definition.ForeachStep;
import dev.caravan.definition.LoopStep;
import dev.caravan.expression.Bindings;
import dev.caravan.expression.ExpressionEvaluator;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Foreach items and loop iterations, called from the generated routes (bean
 * {@code caravanIterations}): each iteration gets a scope of its own, so its steps have keys of
 * their own ({@code transform[2]}) and see {@code item}, {@code index} or {@code iteration}.
 */
@Component("caravanIterations")
public class IterationTracker {

    private static final String ITEM_COUNT = "caravanItemCount.";

    private final ExpressionEvaluator expressions;

    public IterationTracker(ExpressionEvaluator expressions) {
        this.expressions = expressions;
    }

    /** Checks that the items are a list, and marks the foreach running. */
    public void foreachStarted(Exchange exchange, String stepId) {
        RunScope scope = StepTracker.scope(exchange);
        RunContext run = scope.run();
        run.checkRunning();
        ForeachStep step = (ForeachStep) run.planned(stepId).definition();
        String key = scope.keyOf(stepId);
        StepResult pending = run.result(key).orElse(StepResult.pending(key, stepId, null));
        run.save(pending.running(null, run.now()));
        Object items = expressions.evaluate(step.items(), scope);
        if (!(items instanceof List<?> list)) {
            String message = "foreach needs a list, but \"" + step.items() + "\" gave "
                    + (items == null ? "null" : items.getClass().getSimpleName().toLowerCase() + " " + items);
            run.fail(key, message);
            run.save(run.result(key).orElseThrow().failed(message, run.now()));
            throw new StepFailedException(key, message);
        }
        exchange.setProperty(ITEM_COUNT + key, list.size());
    }

    /** Opens one item's scope; with max_parallel above one, waits for one of the step's permits. */
    public void enterItem(Exchange exchange, String stepId) throws InterruptedException {
        RunScope scope = StepTracker.scope(exchange);
        scope.run().checkRunning();
        int index = exchange.getProperty(Exchange.SPLIT_INDEX, Integer.class);
        Object item = exchange.getMessage().getBody();
        ForeachStep step = (ForeachStep) scope.run().planned(stepId).definition();
        if (step.maxParallel() > 1) {
            scope.run().permits(scope.keyOf(stepId), step.maxParallel()).acquire();
        }
        java.util.HashMap<String, Object> locals = new java.util.HashMap<>();
        locals.put("item", item);
        locals.put("index", index);
        exchange.setProperty(Bindings.PROPERTY, scope.iteration(index, locals));
    }

    /** Gives the item's permit back, whether the item succeeded or not. */
    public void leaveItem(Exchange exchange, String stepId) {
        RunScope foreachScope = StepTracker.scope(exchange).parent();
        ForeachStep step = (ForeachStep) foreachScope.run().planned(stepId).definition();
        foreachScope.run().permits(foreachScope.keyOf(stepId), step.maxParallel()).release();
    }

    public void foreachFinished(Exchange exchange, String stepId) {
        RunScope scope = StepTracker.scope(exchange);
        RunContext run = scope.run();
        String key = scope.keyOf(stepId);
        Integer count = exchange.getProperty(ITEM_COUNT + key, Integer.class);
        run.save(run.result(key).orElseThrow().succeeded(Map.of("items", count == null ? 0 : count), run.now()));
    }

    /** Marks the loop running and opens its first iteration. */
    public void loopStarted(Exchange exchange, String stepId) {
        RunScope scope = StepTracker.scope(exchange);
        RunContext run = scope.run();
        run.checkRunning();
        String key = scope.keyOf(stepId);
        StepResult pending = run.result(key).orElse(StepResult.pending(key, stepId, null));
        run.save(pending.running(null, run.now()));
        exchange.setProperty(Bindings.PROPERTY, scope.iteration(0, Map.of("iteration", 0)));
    }

    /** Moves to the next iteration's scope; the loop's predicate then sees the new count. */
    public void nextIteration(Exchange exchange, String stepId) {
        RunScope current = StepTracker.scope(exchange);
        int next = iterationOf(current) + 1;
        exchange.setProperty(Bindings.PROPERTY, current.parent().iteration(next, Map.of("iteration", next)));
    }

    public void loopFinished(Exchange exchange, String stepId) {
        RunScope current = StepTracker.scope(exchange);
        RunScope loopScope = current.parent();
        exchange.setProperty(Bindings.PROPERTY, loopScope);
        RunContext run = loopScope.run();
        LoopStep step = (LoopStep) run.planned(stepId).definition();
        int iterations = iterationOf(current);
        String key = loopScope.keyOf(stepId);
        run.save(run.result(key).orElseThrow().succeeded(
                Map.of("iterations", iterations, "capped", iterations >= step.maxIterations()), run.now()));
    }

    private static int iterationOf(RunScope scope) {
        return (Integer) scope.local("iteration");
    }
}
