package dev.caravan.schedule;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.definition.ScheduleDefinition;
import dev.caravan.event.EventBus;
import dev.caravan.event.ReportedEvent;
import dev.caravan.run.RunLauncher;
import dev.caravan.run.RunLeases;
import dev.caravan.run.WorkflowCatalog;
import dev.caravan.schedule.ScheduleStore.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a fire of a schedule does, and when a queued scheduled run starts. Each decision is taken in
 * one transaction holding the workflow's schedule row, so fires of a workflow, whichever node gets
 * them, are decided one after another against the same counts; a fire that starts or queues a run
 * is recorded by its scheduled time in the same transaction, so a fire time starts at most one run.
 * A skipped fire changes no count: it is recorded just after, in one commit with its
 * {@code workflow.run.skipped} event, and the fire's key keeps it the fire's only record.
 *
 * <p>A fire never waits for the catalog's lock: the workflow's revision is looked up without it, and
 * the run is started on a thread of its own, since a deploy holding that lock may be waiting for
 * this very fire to end before it replaces the schedule's route.
 */
@Component
class ScheduledRuns {

    static final String SKIPPED = "workflow.run.skipped";
    /** The run param that carries the fire's scheduled time, ISO-8601 in UTC. */
    static final String SCHEDULED_TIME = "scheduled_time";

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRuns.class);

    private final WorkflowCatalog catalog;
    private final RunLauncher launcher;
    private final RunLeases leases;
    private final ScheduleStore store;
    private final TransactionTemplate transactions;
    private final EventBus events;

    ScheduledRuns(WorkflowCatalog catalog, RunLauncher launcher, RunLeases leases, ScheduleStore store,
            TransactionTemplate transactions, EventBus events) {
        this.catalog = catalog;
        this.launcher = launcher;
        this.leases = leases;
        this.store = store;
        this.transactions = transactions;
        this.events = events;
    }

    private record Decision(Outcome outcome, String runId, int busy) {
        static final Decision NONE = new Decision(null, null, 0);
    }

    /**
     * Handles the fire of a workflow's schedule at {@code fireTime}: starts a run, queues one, or
     * skips it, as the workflow's {@code concurrency:} says. Empty when the fire did nothing: the
     * workflow is not scheduled any more, or this fire time was handled already (by another node, or
     * by catch-up).
     */
    Optional<Outcome> fire(String workflowId, Instant fireTime) {
        Optional<CompiledWorkflow> current = catalog.latest(workflowId).filter(workflow -> workflow.definition().schedule() != null);
        if (current.isEmpty()) {
            LOG.warn("A fire of {} at {} found the workflow unscheduled; no run", workflowId, fireTime);
            return Optional.empty();
        }
        CompiledWorkflow workflow = current.get();
        Decision decision = transactions.execute(status -> decide(workflow, fireTime));
        if (decision.outcome() == null) {
            return Optional.empty();
        }
        switch (decision.outcome()) {
            // on a thread of its own: the fire's exchange ends at once, so a deploy or undeploy that
            // stops this schedule's route never waits for a run start that may wait for that deploy
            case STARTED -> Thread.ofVirtual().name("schedule-start-" + decision.runId()).start(() -> start(decision.runId()));
            case QUEUED -> LOG.info("Fire of {} at {} queued run {} behind {} scheduled runs", workflowId, fireTime,
                    decision.runId(), decision.busy());
            case SKIPPED -> {
                if (!skipped(workflow, fireTime, decision.busy())) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(decision.outcome());
    }

    private Decision decide(CompiledWorkflow workflow, Instant fireTime) {
        String workflowId = workflow.workflowId();
        if (!store.lock(workflowId) || store.fireRecorded(workflowId, fireTime)) {
            return Decision.NONE;
        }
        ScheduleDefinition.Concurrency concurrency = workflow.definition().schedule().concurrency();
        int busy = store.going(workflowId) + store.waiting(workflowId).size();
        Outcome outcome = busy < concurrency.limit() ? Outcome.STARTED
                : concurrency.onLimit() == ScheduleDefinition.OnLimit.QUEUE ? Outcome.QUEUED : Outcome.SKIPPED;
        if (outcome == Outcome.SKIPPED) {
            // recorded with its event once the row is let go (skipped): events are inserted by the
            // group committer, which must never wait for a row lock another node may hold
            return new Decision(outcome, null, busy);
        }
        String runId = launcher.create(workflow, params(fireTime));
        store.recordFire(workflowId, fireTime, outcome, runId, leases.nodeId());
        return new Decision(outcome, runId, busy);
    }

    /** The params of a scheduled run: the workflow's defaults and the fire's scheduled time. */
    static Map<String, Object> params(Instant fireTime) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put(SCHEDULED_TIME, fireTime.toString());
        return params;
    }

    /**
     * Records a skipped fire and its event in one commit: a crash keeps both or neither (and a fire
     * not recorded is caught up after a restart). False when another node recorded the fire first.
     */
    private boolean skipped(CompiledWorkflow workflow, Instant fireTime, int busy) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("workflow", workflow.workflowId());
        data.put(SCHEDULED_TIME, fireTime.toString());
        data.put("reason", busy + " scheduled run(s) still going, limit " + workflow.definition().schedule().concurrency().limit());
        ReportedEvent event = events.report(SKIPPED, workflow.workflowId(), data);
        try {
            store.recordSkippedFire(workflow.workflowId(), fireTime, leases.nodeId(), event);
        } catch (DuplicateKeyException recordedElsewhere) {
            LOG.debug("Fire of {} at {} was recorded by another node first", workflow.workflowId(), fireTime);
            return false;
        }
        event.awaitDelivery();
        LOG.info("Fire of {} at {} skipped: {}", workflow.workflowId(), fireTime, data.get("reason"));
        return true;
    }

    /**
     * Starts the queued runs of a workflow whose turn has come: as many as its limit allows, oldest
     * fire first, decided under the workflow's row lock so that two nodes never let go of more.
     */
    void sweep(String workflowId) {
        Optional<CompiledWorkflow> current = catalog.latest(workflowId).filter(workflow -> workflow.definition().schedule() != null);
        if (current.isEmpty()) {
            return;
        }
        int limit = current.get().definition().schedule().concurrency().limit();
        List<String> toStart = transactions.execute(status -> {
            if (!store.lock(workflowId)) {
                return List.<String>of();
            }
            int free = limit - store.going(workflowId);
            store.waiting(workflowId).stream().limit(Math.max(0, free)).forEach(store::letGo);
            return new ArrayList<>(store.letGoButQueued(workflowId));
        });
        toStart.forEach(this::start);
    }

    /** Cancels the runs of queued fires that never started: the workflow lost its schedule. */
    void cancelWaiting(String workflowId) {
        for (String runId : store.waiting(workflowId)) {
            if (launcher.cancelQueued(runId, "cancelled before its turn: the workflow's schedule was removed")) {
                LOG.info("Queued scheduled run {} of {} cancelled with its schedule", runId, workflowId);
            }
        }
    }

    private void start(String runId) {
        try {
            launcher.startQueued(runId);
        } catch (RuntimeException e) {
            LOG.error("Scheduled run {} could not start: {}", runId, e.getMessage(), e);
        }
    }
}
