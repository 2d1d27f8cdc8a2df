package dev.caravan.agent;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A registry that cannot be used stops the start-up with its problems and what to do, in Spring
 * Boot's "APPLICATION FAILED TO START" report, rather than a stack trace whose cause is buried
 * under bean creation errors (registered in {@code META-INF/spring.factories}).
 */
class AgentRegistryFailureAnalyzer extends AbstractFailureAnalyzer<InvalidAgentRegistryException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidAgentRegistryException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the file: each problem above names its line, column and path. Or point CARAVAN_AGENTS_FILE "
                        + "(caravan.agents.file) at another registry file. docs/agent-protocol.md describes the file.",
                cause);
    }
}
