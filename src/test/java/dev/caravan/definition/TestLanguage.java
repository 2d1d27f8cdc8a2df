package dev.caravan.definition;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The edges of the parser for tests: an agent registry of agent1..agent20 with a few capabilities,
 * and an expression syntax that refuses {@code ((} and {@code getClass} (the real language lives
 * in another package).
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

    private TestLanguage() {
    }

    static WorkflowParser parser() {
        return new WorkflowParser(AGENTS, EXPRESSIONS);
    }
}
