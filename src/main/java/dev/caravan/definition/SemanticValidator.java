package dev.caravan.definition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage four of parsing: what only the whole definition can tell. Step ids are unique across the
 * workflow (nested steps and parallel calls included) and free of the names expressions reserve;
 * agents and capabilities exist; dependencies and expressions hold. One validator checks one file.
 */
final class SemanticValidator {

    /** Names an expression resolves before step ids, or literals: a step with such an id could not be referred to. */
    static final Set<String> RESERVED_IDS = Set.of("params", "item", "index", "iteration", "secrets", "true", "false", "null");

    private final AgentCatalog agents;
    private final SourceMap positions;
    private final Problems problems;
    private final ExpressionChecker expressions;
    private final DependencyChecker dependencies;
    private final Map<String, SourcePosition> idsSeen = new HashMap<>();

    SemanticValidator(AgentCatalog agents, ExpressionSyntax syntax, SourceMap positions, Problems problems, Set<String> unboundIds) {
        this.agents = agents;
        this.positions = positions;
        this.problems = problems;
        this.expressions = new ExpressionChecker(syntax, positions, problems);
        this.dependencies = new DependencyChecker(positions, problems, unboundIds);
    }

    void validate(WorkflowDefinition workflow) {
        StepTree.forEachStep(workflow.steps(), step -> {
            registerId(step.id(), step.position().path());
            if (step instanceof AgentStep agent) {
                checkAgent(agent.call());
                agent.parallel().forEach(call -> {
                    registerId(call.id(), call.position().path());
                    checkAgent(call);
                });
            }
        });
        for (FailureHook hook : workflow.errorHandling().onFailure()) {
            if (hook instanceof FailureHook.AgentHook agentHook && agentHook.agent() != null) {
                checkAgentId(agentHook.agent(), hook.position().path());
            }
        }
        dependencies.check(workflow.steps());
        expressions.check(workflow);
    }

    private void registerId(String id, String ownerPath) {
        if (id.isEmpty()) {
            return;
        }
        String idPath = SourceMap.child(ownerPath, "id");
        SourcePosition at = positions.written(idPath) ? positions.valueAt(idPath) : positions.valueAt(ownerPath);
        if (RESERVED_IDS.contains(id)) {
            problems.add(at, "'" + id + "' cannot be a step id: expressions use that name for something else; set another id:");
        }
        SourcePosition first = idsSeen.putIfAbsent(id, at);
        if (first != null) {
            problems.add(at, "duplicate step id '" + id + "' (also at line " + first.line() + "); set id: to tell them apart");
        }
    }

    private void checkAgent(AgentCall call) {
        String path = call.position().path();
        if (call.agent() != null) {
            checkAgentId(call.agent(), path);
        }
        if (call.capability() != null && !agents.hasCapability(call.capability())) {
            problems.add(positions.valueAt(SourceMap.child(path, "capability")),
                    "unknown capability '" + call.capability() + "': no registered agent declares it");
        }
    }

    private void checkAgentId(String agent, String ownerPath) {
        if (!agents.hasAgent(agent)) {
            List<String> known = List.copyOf(agents.agentIds());
            problems.add(positions.valueAt(SourceMap.child(ownerPath, "agent")),
                    "unknown agent '" + agent + "'" + Suggestions.didYouMean(agent, known));
        }
    }
}
