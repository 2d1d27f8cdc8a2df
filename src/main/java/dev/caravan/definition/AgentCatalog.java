package dev.caravan.definition;

/**
 * What validation needs to know of the agent registry: which agents and capabilities exist. The
 * registry implements it; validation does not depend on how agents are found.
 */
public interface AgentCatalog {

    boolean hasAgent(String agentId);

    boolean hasCapability(String capability);

    /** Every agent id, for "did you mean" suggestions. */
    java.util.Collection<String> agentIds();

    /** A catalog that knows every agent: for checking a file's shape without a registry. */
    AgentCatalog ANY = new AgentCatalog() {
        @Override
        public boolean hasAgent(String agentId) {
            return true;
        }

        @Override
        public boolean hasCapability(String capability) {
            return true;
        }

        @Override
        public java.util.Collection<String> agentIds() {
            return java.util.List.of();
        }
    };
}
