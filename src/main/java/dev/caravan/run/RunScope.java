package dev.caravan.run;

import dev.caravan.compile.PlannedStep;
import dev.caravan.expression.Bindings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What names mean to an expression at one place in a run (DESIGN.md section 3): a step id (its
 * {@code success}, {@code status}, {@code error}, {@code output} and the output's fields), then
 * {@code params}, then the locals of enclosing foreach and loop iterations ({@code item},
 * {@code index}, {@code iteration}), then a field of any completed step's output, latest first.
 *
 * <p>Inside an iteration the scope also gives each step its key: {@code transform[2]} is the
 * {@code transform} step of the third item.
 */
final class RunScope implements Bindings {

    private final RunContext run;
    private final RunScope parent;
    private final String suffix;
    private final Map<String, Object> locals;

    private RunScope(RunContext run, RunScope parent, String suffix, Map<String, Object> locals) {
        this.run = run;
        this.parent = parent;
        this.suffix = suffix;
        this.locals = locals;
    }

    static RunScope root(RunContext run) {
        return new RunScope(run, null, "", Map.of());
    }

    /** The scope of one iteration: keys get {@code [index]}, and the locals come into scope. */
    RunScope iteration(int index, Map<String, Object> iterationLocals) {
        return new RunScope(run, this, suffix + "[" + index + "]", iterationLocals);
    }

    RunContext run() {
        return run;
    }

    RunScope parent() {
        return parent;
    }

    /** A local of this scope itself ({@code iteration}, {@code item}, {@code index}), or null. */
    Object local(String name) {
        return locals.get(name);
    }

    /** The key of a step in this scope. */
    String keyOf(String stepId) {
        return stepId + suffix;
    }

    @Override
    public Optional<Object> resolve(String name) {
        if (run.workflow().plan().isStep(name)) {
            return Optional.of(stepView(name));
        }
        if ("params".equals(name)) {
            return Optional.of(run.params());
        }
        for (RunScope scope = this; scope != null; scope = scope.parent) {
            if (scope.locals.containsKey(name)) {
                return Optional.ofNullable(scope.locals.get(name));
            }
        }
        return run.latestOutputField(name);
    }

    @Override
    public Collection<String> names() {
        Set<String> names = new LinkedHashSet<>();
        run.workflow().plan().steps().forEach(step -> names.add(step.stepId()));
        names.add("params");
        for (RunScope scope = this; scope != null; scope = scope.parent) {
            names.addAll(scope.locals.keySet());
        }
        run.succeededResults().forEach(result -> {
            if (result.output() != null) {
                names.addAll(result.output().keySet());
            }
        });
        return names;
    }

    /** The step's result as seen from here: this iteration's, an enclosing one's, else the latest. */
    Optional<StepResult> resultOf(String stepId) {
        for (RunScope scope = this; scope != null; scope = scope.parent) {
            Optional<StepResult> result = run.result(scope.keyOf(stepId));
            if (result.isPresent()) {
                return result;
            }
        }
        return run.latestSuccessOf(stepId);
    }

    private Map<String, Object> stepView(String stepId) {
        StepResult result = resultOf(stepId).orElse(null);
        StepStatus status = result == null ? StepStatus.PENDING : result.status();
        String error = result == null ? null : result.error();
        List<String> failedBranches = failedBranches(stepId);
        if (status == StepStatus.SUCCESS && !failedBranches.isEmpty()) {
            // a parallel step succeeds only when every branch does
            status = StepStatus.FAILURE;
            error = "parallel branch failed: " + String.join(", ", failedBranches);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        if (result != null && result.output() != null) {
            view.putAll(result.output());
        }
        view.put("success", status == StepStatus.SUCCESS);
        view.put("status", status.wireName());
        view.put("error", error);
        view.put("output", result == null ? null : result.output());
        return view;
    }

    private List<String> failedBranches(String stepId) {
        PlannedStep step = run.workflow().plan().get(stepId);
        List<String> failed = new ArrayList<>();
        if (!step.callsAgent()) {
            return failed;
        }
        for (String branch : run.workflow().plan().nestedIds(stepId)) {
            resultOf(branch).filter(result -> result.status() == StepStatus.FAILURE)
                    .ifPresent(result -> failed.add(branch));
        }
        return failed;
    }
}
