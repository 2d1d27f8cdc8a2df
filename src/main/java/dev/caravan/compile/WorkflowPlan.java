package dev.caravan.compile;

import dev.caravan.definition.AgentStep;
import dev.caravan.definition.BranchStep;
import dev.caravan.definition.ForeachStep;
import dev.caravan.definition.LoopStep;
import dev.caravan.definition.WaitStep;
import dev.caravan.definition.RetryPolicy;
import dev.caravan.definition.StepDefinition;
import dev.caravan.definition.WorkflowDefinition;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every step and parallel branch of a workflow revision by id, in declaration order: the index
 * the runtime consults instead of walking the definition tree.
 */
public final class WorkflowPlan {

    /** The per-call timeout when neither the step nor the workflow sets one (DESIGN section 3). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, PlannedStep> steps;
    private final Map<String, List<String>> nestedIds;
    private final Map<String, List<String>> elseIds;

    private WorkflowPlan(Builder builder) {
        this.steps = Collections.unmodifiableMap(builder.steps);
        this.nestedIds = Collections.unmodifiableMap(builder.nested);
        this.elseIds = Collections.unmodifiableMap(builder.elseSides);
    }

    public static WorkflowPlan of(WorkflowDefinition definition) {
        Builder builder = new Builder(definition.errorHandling().retry());
        builder.addAll(definition.steps(), false);
        return new WorkflowPlan(builder);
    }

    public Optional<PlannedStep> find(String stepId) {
        return Optional.ofNullable(steps.get(stepId));
    }

    public PlannedStep get(String stepId) {
        PlannedStep step = steps.get(stepId);
        if (step == null) {
            throw new IllegalArgumentException("no step '" + stepId + "' in this workflow");
        }
        return step;
    }

    /** Every step in declaration order. */
    public java.util.Collection<PlannedStep> steps() {
        return steps.values();
    }

    public boolean isStep(String id) {
        return steps.containsKey(id);
    }

    /**
     * The ids of every step nested under a step (then/else, foreach, loop, parallel branches), at any
     * depth: what is skipped with it.
     */
    public List<String> nestedIds(String stepId) {
        return nestedIds.getOrDefault(stepId, List.of());
    }

    /** The ids of a branch step's {@code then} side (at any depth), skipped when it takes {@code else}. */
    public List<String> thenIds(String stepId) {
        List<String> then = new java.util.ArrayList<>(nestedIds(stepId));
        then.removeAll(elseIds(stepId));
        return then;
    }

    /** The ids of a branch step's {@code else} side (at any depth), skipped when it takes {@code then}. */
    public List<String> elseIds(String stepId) {
        return elseIds.getOrDefault(stepId, List.of());
    }

    private static final class Builder {
        private final RetryPolicy workflowRetry;
        private final Map<String, PlannedStep> steps = new LinkedHashMap<>();
        private final Map<String, List<String>> nested = new LinkedHashMap<>();
        private final Map<String, List<String>> elseSides = new LinkedHashMap<>();

        Builder(RetryPolicy workflowRetry) {
            this.workflowRetry = workflowRetry;
        }

        /** Adds the steps of one list and returns every id added, nested ones included. */
        List<String> addAll(List<StepDefinition> list, boolean iterated) {
            List<String> added = new java.util.ArrayList<>();
            for (StepDefinition step : list) {
                added.addAll(add(step, iterated));
            }
            return added;
        }

        private List<String> add(StepDefinition step, boolean iterated) {
            RetryPolicy retry = step.control().retry() != null ? step.control().retry() : workflowRetry;
            Duration timeout = step.control().timeout() != null ? step.control().timeout() : DEFAULT_TIMEOUT;
            List<String> inner = new java.util.ArrayList<>();
            switch (step) {
                case AgentStep agent -> {
                    put(new PlannedStep(agent.id(), agent.call(), agent.control(), retry, timeout, iterated, agent));
                    agent.parallel().forEach(branch -> {
                        put(new PlannedStep(branch.id(), branch, agent.control(), retry, timeout, iterated, agent));
                        inner.add(branch.id());
                    });
                }
                case BranchStep branch -> {
                    put(new PlannedStep(branch.id(), null, branch.control(), retry, timeout, iterated, branch));
                    inner.addAll(addAll(branch.thenSteps(), iterated));
                    List<String> otherwise = addAll(branch.elseSteps(), iterated);
                    elseSides.put(branch.id(), List.copyOf(otherwise));
                    inner.addAll(otherwise);
                }
                case ForeachStep foreach -> {
                    put(new PlannedStep(foreach.id(), null, foreach.control(), retry, timeout, iterated, foreach));
                    inner.addAll(addAll(foreach.steps(), true));
                }
                case LoopStep loop -> {
                    put(new PlannedStep(loop.id(), null, loop.control(), retry, timeout, iterated, loop));
                    inner.addAll(addAll(loop.steps(), true));
                }
                case WaitStep wait -> put(new PlannedStep(wait.id(), null, wait.control(), retry, timeout, iterated, wait));
            }
            nested.put(step.id(), List.copyOf(inner));
            List<String> all = new java.util.ArrayList<>();
            all.add(step.id());
            all.addAll(inner);
            return all;
        }

        private void put(PlannedStep step) {
            if (steps.putIfAbsent(step.stepId(), step) != null) {
                throw new IllegalArgumentException("duplicate step id '" + step.stepId() + "'");
            }
        }
    }
}
