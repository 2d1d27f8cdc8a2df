package dev.caravan.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps runs in memory: what Caravan uses until the durable store is configured. Runs are lost
 * when the process ends.
 */
class InMemoryRunStore implements RunStore {

    private final Map<String, StoredRun> runs = new ConcurrentHashMap<>();

    @Override
    public void create(RunRecord run) {
        StoredRun stored = new StoredRun(run);
        if (runs.putIfAbsent(run.runId(), stored) != null) {
            throw new IllegalStateException("run " + run.runId() + " exists already");
        }
    }

    @Override
    public void saveStep(String runId, StepResult step) {
        stored(runId).saveStep(step);
    }

    @Override
    public void updateStatus(String runId, RunStatus status, Instant endTime, String error) {
        stored(runId).updateStatus(status, endTime, error);
    }

    @Override
    public void saveHook(String runId, RunRecord.HookResult hook) {
        stored(runId).addHook(hook);
    }

    @Override
    public Optional<RunRecord> find(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(StoredRun::snapshot);
    }

    @Override
    public List<RunRecord> list(int limit) {
        return runs.values().stream()
                .map(StoredRun::snapshot)
                .sorted(Comparator.comparing(RunRecord::startTime).reversed())
                .limit(limit)
                .toList();
    }

    private StoredRun stored(String runId) {
        StoredRun run = runs.get(runId);
        if (run == null) {
            throw new IllegalStateException("no run " + runId);
        }
        return run;
    }

    /** One run's mutable state, guarded by its own lock so runs never contend with each other. */
    private static final class StoredRun {
        private RunRecord header;
        private final Map<String, StepResult> steps = new LinkedHashMap<>();
        private final List<RunRecord.HookResult> hooks = new ArrayList<>();

        StoredRun(RunRecord run) {
            this.header = run;
            run.steps().forEach(step -> steps.put(step.key(), step));
        }

        synchronized void saveStep(StepResult step) {
            steps.put(step.key(), step);
        }

        synchronized void addHook(RunRecord.HookResult hook) {
            hooks.add(hook);
        }

        synchronized void updateStatus(RunStatus status, Instant endTime, String error) {
            if (!header.status().next().contains(status)) {
                throw new IllegalStateException(
                        "run " + header.runId() + " cannot go from " + header.status() + " to " + status);
            }
            header = new RunRecord(header.runId(), header.workflowId(), header.workflowName(), header.version(),
                    header.revision(), status, header.params(), header.startTime(), endTime, error, List.of(),
                    List.of());
        }

        synchronized RunRecord snapshot() {
            return new RunRecord(header.runId(), header.workflowId(), header.workflowName(), header.version(),
                    header.revision(), header.status(), header.params(), header.startTime(), header.endTime(),
                    header.error(), new ArrayList<>(steps.values()), hooks);
        }
    }
}
