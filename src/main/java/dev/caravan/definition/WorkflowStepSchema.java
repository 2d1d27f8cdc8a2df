package dev.caravan.definition;

import static dev.caravan.definition.WorkflowSchema.described;
import static dev.caravan.definition.WorkflowSchema.params;
import static dev.caravan.definition.WorkflowSchema.ref;
import static dev.caravan.definition.WorkflowSchema.strict;
import static dev.caravan.definition.WorkflowSchema.text;
import static dev.caravan.definition.WorkflowSchema.type;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The schema of a step and of a parallel branch. One shape holds every step kind: which kind a step
 * is (agent, branch, foreach, loop) is decided by the binder, which can say in plain words what
 * is missing or mixed, where a {@code oneOf} would only list every way the step failed to match.
 */
final class WorkflowStepSchema {

    private WorkflowStepSchema() {
    }

    static ObjectNode step() {
        ObjectNode step = described(type("object"), "Step",
                "One of: an agent step (agent or capability, with action), a branch (condition with then/else), "
                        + "a foreach (foreach with steps), a loop (loop), a wait (wait_for).");
        strict(step);
        ObjectNode needs = step.putObject("dependentRequired");
        needs.putArray("agent").add("action");
        needs.putArray("capability").add("action");
        needs.putArray("then").add("condition");
        needs.putArray("else").add("then");
        needs.putArray("foreach").add("steps");
        ObjectNode properties = step.putObject("properties");
        properties.set("id", ref("id", "Step id",
                "Optional. Defaults to the action, else step<N> (its position in its list). Unique across the whole workflow."));
        properties.set("agent", ref("id", "Agent", "Agent to call, like agent6. Makes this an agent step; needs action."));
        properties.set("capability", text("Capability",
                "Instead of agent: any healthy agent that declares this capability, chosen by the registry."));
        properties.set("action", ref("id", "Action", "Action to call on the agent."));
        properties.set("params", params("Params", "Params of the call; string values may hold ${...} templates."));
        properties.set("depends_on", described(type("array"), "Depends on",
                "Ids of steps in the same list that this step waits for. Without it a step waits for the step before it; [] makes it a root.")
                .set("items", WorkflowSchema.ref("id", "Step id", "A step of the same list.")));
        properties.set("parallel", described(type("array"), "Parallel",
                "Calls that run concurrently with this step's own call; the step succeeds when all of them do.")
                .put("minItems", 1).set("items", WorkflowSchema.refTo("call")));
        properties.set("condition", text("Condition",
                "Expression. When false the step is skipped; with then/else it chooses the branch."));
        properties.set("then", ref("steps", "Then", "Steps run when condition holds. Makes this a branch step."));
        properties.set("else", ref("steps", "Else", "Steps run when condition does not hold."));
        properties.set("foreach", text("Foreach",
                "Expression yielding a list; steps run once per item, with item and index in scope. Needs steps."));
        properties.set("steps", ref("steps", "Steps", "The steps a foreach runs for each item."));
        properties.set("max_parallel", described(type("integer"), "Max parallel",
                "How many items of a foreach run at once. Default 1: in order.").put("minimum", 1).put("default", 1));
        properties.set("loop", loop());
        properties.set("wait_for", waitFor());
        properties.set("callback_timeout", ref("duration", "Callback timeout",
                "How long a call that the agent answered 202 accepted waits for the agent's callback. Default 1h."));
        properties.set("timeout", ref("duration", "Timeout", "Time limit of each agent call. Default 30s."));
        properties.set("retry", ref("retry", "Retry", "Overrides error_handling.retry for this step."));
        properties.set("continue_on_failure", described(type("boolean"), "Continue on failure",
                "When true the workflow goes on if this step fails. Default false.").put("default", false));
        return step;
    }

    static ObjectNode call() {
        ObjectNode call = described(type("object"), "Parallel call", "A call that runs concurrently with its step's own call.");
        strict(call, "action");
        ObjectNode properties = call.putObject("properties");
        properties.set("id", ref("id", "Id", "Optional. Defaults to the action. Unique across the whole workflow."));
        properties.set("agent", ref("id", "Agent", "Agent to call. Not with capability."));
        properties.set("capability", text("Capability", "Instead of agent: any healthy agent with this capability."));
        properties.set("action", ref("id", "Action", "Action to call on the agent."));
        properties.set("params", params("Params", "Params of the call; string values may hold ${...} templates."));
        return call;
    }

    private static ObjectNode waitFor() {
        ObjectNode wait = described(type("object"), "Wait for",
                "Waits for a signal: POST /api/workflows/{runId}/signals/{signal} completes the step, its JSON payload "
                        + "becoming the step's output. Makes this a wait step.");
        strict(wait, "signal");
        ObjectNode properties = wait.putObject("properties");
        properties.set("signal", ref("id", "Signal", "The name of the signal that completes this step."));
        properties.set("timeout", ref("duration", "Timeout", "How long the step waits for its signal. Default 24h."));
        return wait;
    }

    private static ObjectNode loop() {
        ObjectNode loop = described(type("object"), "Loop",
                "Runs steps once, then again while an expression holds, at most max_iterations times; iteration (iterations done) is in scope.");
        strict(loop, "while", "max_iterations", "steps");
        ObjectNode properties = loop.putObject("properties");
        properties.set("while", text("While", "Expression checked after each iteration: true runs the steps again."));
        properties.set("max_iterations", described(type("integer"), "Max iterations",
                "The most iterations the loop runs, whatever the expression says.").put("minimum", 1));
        properties.set("steps", ref("steps", "Steps", "The steps of one iteration."));
        return loop;
    }
}
