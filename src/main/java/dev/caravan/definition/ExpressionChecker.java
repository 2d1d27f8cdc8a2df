package dev.caravan.definition;

import java.util.List;
import java.util.Map;

/**
 * Checks the expressions of a workflow through {@link ExpressionSyntax}: conditions, foreach lists,
 * loop conditions, and every {@code ${...}} template in string values of params at any depth.
 * Each problem is shown at the scalar that holds the expression.
 */
final class ExpressionChecker {

    private final ExpressionSyntax syntax;
    private final SourceMap positions;
    private final Problems problems;

    ExpressionChecker(ExpressionSyntax syntax, SourceMap positions, Problems problems) {
        this.syntax = syntax;
        this.positions = positions;
        this.problems = problems;
    }

    void check(WorkflowDefinition workflow) {
        templates(workflow.params(), "params");
        StepTree.forEachStep(workflow.steps(), this::step);
        for (FailureHook hook : workflow.errorHandling().onFailure()) {
            String path = hook.position().path();
            switch (hook) {
                case FailureHook.AgentHook agent -> templates(agent.params(), SourceMap.child(path, "params"));
                case FailureHook.NotifyHook notify -> templates(notify.url(), SourceMap.child(path, "url"));
            }
        }
    }

    private void step(StepDefinition step) {
        String path = step.position().path();
        expression(step.control().condition(), SourceMap.child(path, "condition"));
        switch (step) {
            case AgentStep agent -> {
                templates(agent.call().params(), SourceMap.child(path, "params"));
                agent.parallel().forEach(call -> templates(call.params(), SourceMap.child(call.position().path(), "params")));
            }
            case ForeachStep foreach -> expression(foreach.items(), SourceMap.child(path, "foreach"));
            case LoopStep loop -> expression(loop.whileExpression(), SourceMap.child(SourceMap.child(path, "loop"), "while"));
            case WaitStep wait -> {
                // a signal name and a timeout: nothing to evaluate
            }
            case BranchStep branch -> {
                // its condition is checked above; its nested steps are visited on their own
            }
        }
    }

    private void expression(String expression, String path) {
        if (expression != null) {
            syntax.check(expression).ifPresent(message -> problems.add(positions.valueAt(path), message));
        }
    }

    private void templates(Object value, String path) {
        switch (value) {
            case Map<?, ?> map -> map.forEach((key, item) -> templates(item, SourceMap.child(path, key.toString())));
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    templates(list.get(i), SourceMap.item(path, i));
                }
            }
            case String text -> {
                TemplateScanner scan = TemplateScanner.scan(text);
                scan.expressions().forEach(expression -> expression(expression, path));
                if (scan.unclosed()) {
                    problems.add(positions.valueAt(path), "unclosed template: '${' without its closing '}'");
                }
            }
            case null, default -> {
                // numbers, booleans and nulls hold no template
            }
        }
    }
}
