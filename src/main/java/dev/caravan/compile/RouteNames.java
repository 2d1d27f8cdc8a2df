package dev.caravan.compile;

/**
 * The names of one workflow revision's routes, endpoints and nodes, derived from the workflow id,
 * the revision and the step ids, so that Hawtio and Camel's metrics name steps as the user wrote
 * them. Each revision has names of its own: a new revision is loaded beside the old one, new runs
 * go to it at once, and runs in flight finish on the revision they started on.
 *
 * <p>Workflow ids hold no dot, and Caravan's own endpoints all start with {@code caravan.}, so the
 * two never collide.
 */
public record RouteNames(String workflowId, int revision) {

    /**
     * The route configuration (routes/error-handlers.yaml) of routes without an error handler:
     * a failure goes back to the sender. Named rather than written in each route, which Hawtio's
     * route diagram cannot draw.
     */
    public static final String NO_ERROR_HANDLER = "caravan-no-error-handler";

    /** {@code build-project.r3}: the prefix of every name of the revision. */
    public String base() {
        return workflowId + ".r" + revision;
    }

    /** The workflow's main route, whose endpoint starts a run. */
    public String workflowRoute() {
        return base();
    }

    public String workflowEndpoint() {
        return "direct:" + workflowRoute();
    }

    /** The node in the main route that runs a step. */
    public String stepNode(String stepId) {
        return base() + "." + stepId;
    }

    /** The route that calls a step's agent (an instance of the {@code step-call} template). */
    public String stepRoute(String stepId) {
        return stepNode(stepId) + ".call";
    }

    /** The route that attempts a step's call, as often as its retry policy allows (template {@code step-attempt}). */
    public String attemptRoute(String stepId) {
        return stepNode(stepId) + ".attempt";
    }

    /** The route run once when a run fails. */
    public String failureRoute() {
        return base() + ".on-failure";
    }

    public String failureEndpoint() {
        return "direct:" + failureRoute();
    }

    /** The route through which every call of one agent goes: its circuit breaker lives there. */
    public static String agentEndpoint(String agentId) {
        return "direct:caravan.agent." + agentId;
    }
}
