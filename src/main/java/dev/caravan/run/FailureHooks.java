package dev.caravan.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.agent.CallProperties;
import dev.caravan.compile.WorkflowPlan;
import dev.caravan.definition.FailureHook;
import dev.caravan.expression.ExpressionEvaluator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The {@code on_failure} hooks of a failed run (bean {@code caravanHooks}), called from the
 * workflow's failure route: prepares each hook's call or notification with the failed step and the
 * error, and records how each hook went. A hook's failure is recorded; it never changes the run's.
 */
@Component(FailureHooks.BEAN)
public class FailureHooks {

    static final String BEAN = "caravanHooks";
    static final String NOTIFY_URL = "caravanNotifyUrl";

    private final NotifyProperties notify;
    private final ExpressionEvaluator expressions;
    private final FailureMessages messages;
    private final ObjectMapper json;

    public FailureHooks(NotifyProperties notify, ExpressionEvaluator expressions, FailureMessages messages,
            ObjectMapper json) {
        this.notify = notify;
        this.expressions = expressions;
        this.messages = messages;
        this.json = json;
    }

    public void prepare(Exchange exchange, int index) throws JsonProcessingException {
        RunScope scope = StepTracker.scope(exchange);
        RunContext run = scope.run();
        RunContext.Failure failure = run.failure().orElse(new RunContext.Failure(null, "unknown failure"));
        switch (hook(run, index)) {
            case FailureHook.AgentHook agent -> {
                Map<String, Object> params = new LinkedHashMap<>();
                Object rendered = expressions.render(agent.params(), scope);
                if (rendered instanceof Map<?, ?> map) {
                    map.forEach((key, value) -> params.put(String.valueOf(key), value));
                }
                params.put("workflow", run.workflow().workflowId());
                params.put("runId", run.runId());
                params.put("failed_step", failure.stepKey());
                params.put("error", failure.message());
                exchange.setProperty(CallProperties.RUN_ID, run.runId());
                exchange.setProperty(CallProperties.WORKFLOW, run.workflow().workflowId());
                exchange.setProperty(CallProperties.STEP_KEY, "on_failure[" + index + "]");
                exchange.setProperty(CallProperties.AGENT, agent.agent());
                exchange.setProperty(CallProperties.ACTION, agent.action());
                exchange.setProperty(CallProperties.PARAMS, params);
                exchange.setProperty(CallProperties.TIMEOUT_MILLIS, WorkflowPlan.DEFAULT_TIMEOUT.toMillis());
            }
            case FailureHook.NotifyHook hook -> {
                exchange.setProperty(NOTIFY_URL, targetOf(hook));
                exchange.getMessage().removeHeaders("*");
                exchange.getMessage().setBody(json.writeValueAsBytes(notification(hook, run, failure)));
            }
        }
    }

    public void succeeded(Exchange exchange, int index) {
        RunContext run = StepTracker.scope(exchange).run();
        run.saveHook(new RunRecord.HookResult(name(hook(run, index)), true, null));
    }

    public void failed(Exchange exchange, int index) {
        RunContext run = StepTracker.scope(exchange).run();
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        FailureHook hook = hook(run, index);
        String agent = hook instanceof FailureHook.AgentHook call ? call.agent() : null;
        run.saveHook(new RunRecord.HookResult(name(hook), false, messages.describe(cause, agent)));
    }

    private String targetOf(FailureHook.NotifyHook hook) {
        return switch (hook.channel()) {
            case SLACK -> {
                if (!notify.slackConfigured()) {
                    throw new IllegalStateException("notify: slack needs SLACK_WEBHOOK_URL, which is not set");
                }
                yield notify.slackWebhookUrl();
            }
            case WEBHOOK -> hook.url();
        };
    }

    private static Map<String, Object> notification(FailureHook.NotifyHook hook, RunContext run,
            RunContext.Failure failure) {
        String summary = "Workflow " + run.workflow().workflowId() + " run " + run.runId() + " failed"
                + (failure.stepKey() == null ? "" : " at step " + failure.stepKey()) + ": " + failure.message();
        if (hook.channel() == FailureHook.Channel.SLACK) {
            return Map.of("text", summary);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", "workflow.failed");
        body.put("workflow", run.workflow().workflowId());
        body.put("runId", run.runId());
        body.put("failedStep", failure.stepKey());
        body.put("error", failure.message());
        body.put("summary", summary);
        return body;
    }

    private static FailureHook hook(RunContext run, int index) {
        return run.workflow().definition().errorHandling().onFailure().get(index);
    }

    static String name(FailureHook hook) {
        return switch (hook) {
            case FailureHook.AgentHook agent -> agent.agent() + "." + agent.action();
            case FailureHook.NotifyHook notify -> "notify " + notify.channel().name().toLowerCase();
        };
    }
}
