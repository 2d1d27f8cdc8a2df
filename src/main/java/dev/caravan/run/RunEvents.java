package dev.caravan.run;

import dev.caravan.event.EventBus;
import dev.caravan.event.ReportedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The events of runs, with the run id as their correlation id (DESIGN.md section 6). */
@Component
class RunEvents {

    private final EventBus events;

    RunEvents(EventBus events) {
        this.events = events;
    }

    void started(RunContext run) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("workflow", run.workflow().workflowId());
        data.put("revision", run.workflow().revision());
        data.put("params", run.params());
        // for observers only: stored with the run's next commit, not waited for
        events.publishWithoutWaiting("workflow.execution.started", run.runId(), data);
    }

    /**
     * The event of a run's end, committed with the end itself ({@link RunStore#end}): a crash keeps
     * both or neither. Released once the run has left this node's runs.
     */
    ReportedEvent ended(String runId, String workflowId, Instant startTime, RunContext.End end) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("workflow", workflowId);
        data.put("status", end.status().wireName());
        data.put("duration", Duration.between(startTime, end.at()).toMillis());
        data.put("error", end.error());
        return events.report("workflow.execution.completed", runId, data);
    }

    /** A step's transition: started when it first runs, completed when it reaches its end. */
    void stepChanged(String runId, StepResult before, StepResult after) {
        boolean started = after.status() == StepStatus.RUNNING && (before == null || before.status() != StepStatus.RUNNING);
        if (!started && !after.status().isTerminal()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("stepId", after.key());
        data.put("agent", after.agent());
        data.put("status", after.status().wireName());
        if (!started) {
            data.put("attempts", after.attempts());
            data.put("error", after.error());
        }
        // for observers only: stored with the run's next commit (the step's result is handed over
        // before this, so a completed event commits with its result or after it)
        events.publishWithoutWaiting(started ? "workflow.step.started" : "workflow.step.completed", runId, data);
    }
}
