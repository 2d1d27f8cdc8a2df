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
    /** Where the agent may POST a late answer (after a 202), with the step's own token. */
    public static final String CALLBACK_URL = "caravanCallbackUrl";
    /**
     * True when the agent answered {@code 202 accepted} (or, after a restart, when the step was
     * already waiting for the callback): the step's route then waits for the callback.
     */
    public static final String ACCEPTED = "caravanAccepted";
    /** The instance chosen for the current attempt; set by the agent route. */
    public static final String INSTANCE = "caravanInstance";
    /** The HTTP endpoint of the current attempt (instance, action, timeout); set by the agent route. */
    public static final String ENDPOINT = "caravanEndpoint";

    private CallProperties() {
    }
}
