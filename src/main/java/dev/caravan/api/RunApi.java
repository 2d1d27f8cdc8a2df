package dev.caravan.api;

import dev.caravan.run.RunQuery;
import dev.caravan.run.RunRecord;
import dev.caravan.run.RunStatus;
import dev.caravan.run.StepWaits;
import dev.caravan.run.WorkflowOrchestrator;
import dev.caravan.run.WorkflowOrchestrator.ExecuteRequest;
import dev.caravan.run.WorkflowResult;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The runs part of the API: execute a workflow, read a run, list runs. */
@Component("runApi")
class RunApi {

    private final WorkflowOrchestrator orchestrator;
    private final StepWaits waits;
    private final Responses responses;
    private final Duration waitLimit;

    RunApi(WorkflowOrchestrator orchestrator, StepWaits waits, Responses responses,
            @Value("${caravan.api.wait-limit:5m}") Duration waitLimit) {
        this.orchestrator = orchestrator;
        this.waits = waits;
        this.responses = responses;
        this.waitLimit = waitLimit;
    }

    /** The body of {@code POST /api/workflows/execute}; an unknown field is a 400 (Responses.read). */
    record ExecuteBody(String workflow, String version, Map<String, Object> params,
            @com.fasterxml.jackson.annotation.JsonProperty("wait") Boolean waitForResult) {
    }

    public void execute(Exchange exchange) {
        ExecuteBody body = responses.read(exchange, ExecuteBody.class);
        if (body.workflow() == null || body.workflow().isBlank()) {
            throw new BadRequestException("say which workflow to run: {\"workflow\": \"<id>\"}");
        }
        String runId = orchestrator.start(new ExecuteRequest(body.workflow(), null, body.version(), body.params()));
        String status;
        if (Boolean.TRUE.equals(body.waitForResult())) {
            WorkflowResult result = orchestrator.await(runId, waitLimit).orElseThrow();
            if (!result.status().equals("queued") && !result.status().equals("running")) {
                responses.json(exchange, 200, result);
                return;
            }
            status = result.status();
        } else {
            status = orchestrator.status(runId).orElseThrow();
        }
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("workflowId", runId);
        accepted.put("status", status);
        accepted.put("links", Map.of("self", "/api/workflows/" + runId));
        responses.json(exchange, 202, accepted);
        exchange.getMessage().setHeader("Location", "/api/workflows/" + runId);
    }

    public void get(Exchange exchange) {
        String runId = Responses.pathParam(exchange, "workflowId");
        WorkflowResult result = orchestrator.result(runId)
                .orElseThrow(() -> new NotFoundException("no run " + runId));
        responses.json(exchange, 200, result);
    }

    /** The body of {@code POST /api/workflows/{id}/rerun}. */
    record RerunBody(@com.fasterxml.jackson.annotation.JsonProperty("from_step") String fromStep,
            Map<String, Object> params) {
    }

    public void retry(Exchange exchange) {
        responses.json(exchange, 202, orchestrator.retry(Responses.pathParam(exchange, "workflowId")));
    }

    public void rerun(Exchange exchange) {
        RerunBody body = responses.read(exchange, RerunBody.class);
        if (body.fromStep() == null || body.fromStep().isBlank()) {
            throw new BadRequestException("say where to rerun from: {\"from_step\": \"<step id>\"}");
        }
        String runId = orchestrator.rerun(Responses.pathParam(exchange, "workflowId"), body.fromStep(), body.params());
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("workflowId", runId);
        accepted.put("status", orchestrator.result(runId).orElseThrow().status());
        accepted.put("links", Map.of("self", "/api/workflows/" + runId));
        responses.json(exchange, 202, accepted);
        exchange.getMessage().setHeader("Location", "/api/workflows/" + runId);
    }

    public void cancel(Exchange exchange) {
        responses.json(exchange, 200, orchestrator.cancel(Responses.pathParam(exchange, "workflowId")));
    }

    public void pause(Exchange exchange) {
        responses.json(exchange, 200, orchestrator.pause(Responses.pathParam(exchange, "workflowId")));
    }

    public void resume(Exchange exchange) {
        responses.json(exchange, 200, orchestrator.resume(Responses.pathParam(exchange, "workflowId")));
    }

    /** {@code POST /api/workflows/{id}/steps/{stepId}/callback?token=...}: an agent's late answer. */
    @SuppressWarnings("unchecked")
    public void callback(Exchange exchange) {
        String runId = Responses.pathParam(exchange, "workflowId");
        String stepKey = Responses.pathParam(exchange, "stepId");
        String token = QueryParameters.first(exchange.getMessage(), "token");
        Map<String, Object> answer = responses.read(exchange, Map.class);
        if (answer == null) {
            throw new BadRequestException("a callback carries the agent's result as a JSON object");
        }
        String status = waits.deliverCallback(runId, stepKey, token, answer);
        responses.json(exchange, 200, Map.of("workflowId", runId, "stepId", stepKey, "stepStatus", status));
    }

    /** {@code POST /api/workflows/{id}/signals/{name}}: its JSON body becomes the waiting step's output. */
    public void signal(Exchange exchange) {
        String runId = Responses.pathParam(exchange, "workflowId");
        String signal = Responses.pathParam(exchange, "name");
        String text = exchange.getMessage().getBody(String.class);
        exchange.getMessage().setBody(text);
        Object body = text == null || text.isBlank() ? Map.of() : responses.readAnyJson(exchange);
        // a value that is not an object, null included, is the output's "value"
        Map<String, Object> payload = body instanceof Map<?, ?> map ? castMap(map) : Collections.singletonMap("value", body);
        String stepKey = waits.deliverSignal(runId, signal, payload);
        responses.json(exchange, 202, Map.of("workflowId", runId, "signal", signal, "stepId", stepKey,
                "stepStatus", waits.statusOf(runId, stepKey)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    public void list(Exchange exchange) {
        int limit = (int) QueryNumbers.within(exchange.getMessage(), "limit", 50, 1, 1000);
        String status = QueryParameters.first(exchange.getMessage(), "status");
        String cursor = QueryParameters.first(exchange.getMessage(), "cursor");
        RunQuery.Page page = orchestrator.list(new RunQuery(
                status == null || status.isBlank() ? null : statusOf(status),
                QueryParameters.first(exchange.getMessage(), "workflow"), limit,
                cursor == null || cursor.isBlank() ? null : RunQuery.Cursor.decode(cursor)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runs", page.runs().stream().map(RunApi::summary).toList());
        body.put("nextCursor", page.nextCursor());
        responses.json(exchange, 200, body);
    }

    private static RunStatus statusOf(String text) {
        try {
            return RunStatus.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("status must be one of queued, running, success, failure, cancelled");
        }
    }

    private static Map<String, Object> summary(RunRecord run) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("workflowId", run.runId());
        summary.put("workflow", run.workflowId());
        summary.put("revision", run.revision());
        summary.put("status", run.status().wireName());
        summary.put("startTime", run.startTime());
        summary.put("endTime", run.endTime());
        summary.put("error", run.error());
        return summary;
    }
}
