package dev.caravan.definition;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The edges of the parser for tests: an agent registry of agent1..agent20 with a few capabilities,
 * an expression syntax that refuses {@code ((} and {@code getClass}, and a trigger policy that
 * allows {@code timer:} and {@code file:} (the real language and policy live in other packages).
 */
final class TestLanguage {

    static final String REFUSED_EXPRESSION = "not a valid expression";

    static final AgentCatalog AGENTS = new AgentCatalog() {
        private final List<String> ids = IntStream.rangeClosed(1, 20).mapToObj(n -> "agent" + n).toList();
        private final Set<String> capabilities = Set.of("deployment", "code-review", "data-processing");

        @Override
        public boolean hasAgent(String agentId) {
            return ids.contains(agentId);
        }

        @Override
        public boolean hasCapability(String capability) {
            return capabilities.contains(capability);
        }

        @Override
        public Collection<String> agentIds() {
            return ids;
        }
    };

    static final ExpressionSyntax EXPRESSIONS = expression -> expression.contains("((") || expression.contains("getClass")
            ? Optional.of(REFUSED_EXPRESSION)
            : Optional.empty();

    static final String REFUSED_TRIGGER = "not a trigger Caravan allows here";

    /** Triggers may read from {@code timer:} and {@code file:} only, as if Caravan's settings said so. */
    static final TriggerPolicy TRIGGERS = uri -> uri.startsWith("timer:") || uri.startsWith("file:")
            ? List.of()
            : List.of(REFUSED_TRIGGER);

    private TestLanguage() {
    }

    static WorkflowParser parser() {
        return new WorkflowParser(AGENTS, EXPRESSIONS, TRIGGERS);
    }
}
