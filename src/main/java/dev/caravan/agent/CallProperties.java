package dev.caravan.agent;

/**
 * The exchange properties through which a step's route tells the agent route what to call. The
 * step tracker sets them before the call; {@link AgentCalls} reads them.
 */
public final class CallProperties {

    /** The run's id. */
    public static final String RUN_ID = "caravanRunId";
    /** The workflow's id. */
    public static final String WORKFLOW = "caravanWorkflow";
    /** The step's key within the run: its id, with the iteration for steps in loops. */
    public static final String STEP_KEY = "caravanStepKey";
    /** The agent to call (resolved from a capability when the step names one). */
    public static final String AGENT = "caravanAgent";
    /** The action to call. */
    public static final String ACTION = "caravanAction";
    /** The action's params, templates already rendered. */
    public static final String PARAMS = "caravanParams";
    /** The per-call timeout in milliseconds. */
    public static final String TIMEOUT_MILLIS = "caravanTimeoutMillis";
    /** The instance chosen for the current attempt; set by the agent route. */
    public static final String INSTANCE = "caravanInstance";

    private CallProperties() {
    }
}
