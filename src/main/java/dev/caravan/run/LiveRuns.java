package dev.caravan.run;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The runs executing in this process, and those whose end this process could not write: what
 * cancel, pause and resume reach, what callers that wait for a run hold, and what recovery takes up.
 */
@Component
public class LiveRuns {

    private final Map<String, RunContext> live = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<RunRecord>> completions = new ConcurrentHashMap<>();
    private final Set<String> abandoned = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong ended = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();

    LiveRuns(MeterRegistry meters) {
        meters.gauge("orchestrator.workflows.active", active);
        // the share of ended runs that succeeded since start-up (1 before any run ends)
        meters.gauge("orchestrator.success.rate", this,
                runs -> runs.ended.get() == 0 ? 1.0 : (double) runs.succeeded.get() / runs.ended.get());
    }

    /** Takes a run in; its future completes when it has ended here. Refused when it executes already. */
    CompletableFuture<RunRecord> admit(RunContext run) {
        if (live.putIfAbsent(run.runId(), run) != null) {
            throw new RunConflictException("run " + run.runId() + " is executing already");
        }
        abandoned.remove(run.runId());
        CompletableFuture<RunRecord> completion = new CompletableFuture<>();
        completions.put(run.runId(), completion);
        active.incrementAndGet();
        return completion;
    }

    /**
     * A run whose end is committed leaves, before it is reported: whoever learns of its end may
     * retry it at once. Its future is the caller's to complete.
     */
    void ended(RunContext run, RunStatus status) {
        ended.incrementAndGet();
        if (status == RunStatus.SUCCESS) {
            succeeded.incrementAndGet();
        }
        leave(run);
    }

    /**
     * A run whose end could not be written leaves as if this process had crashed there: its row
     * says it is still going, and {@link RunRecovery} re-enters it from its rows. Callers waiting
     * for it keep waiting until their limit and then read it as it stands.
     */
    void abandon(RunContext run) {
        leave(run);
        abandoned.add(run.runId());
    }

    private void leave(RunContext run) {
        active.decrementAndGet();
        live.remove(run.runId());
        completions.remove(run.runId());
    }

    /** Runs whose end this node could not write, until they are re-entered. */
    List<String> abandoned() {
        return List.copyOf(abandoned);
    }

    /** An abandoned run that ended or went to another node meanwhile: nothing more to do here. */
    void forgetAbandoned(String runId) {
        abandoned.remove(runId);
    }

    /** How many runs execute in this process. */
    public int count() {
        return active.get();
    }

    boolean contains(String runId) {
        return live.containsKey(runId);
    }

    Collection<RunContext> all() {
        return List.copyOf(live.values());
    }

    Optional<RunContext> find(String runId) {
        return Optional.ofNullable(live.get(runId));
    }

    Optional<CompletableFuture<RunRecord>> completionOf(String runId) {
        return Optional.ofNullable(completions.get(runId));
    }
}
