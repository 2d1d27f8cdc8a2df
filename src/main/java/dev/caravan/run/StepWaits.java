package dev.caravan.run;

import dev.caravan.agent.AgentFailureException;
import dev.caravan.agent.CallProperties;
import dev.caravan.compile.PlannedStep;
import dev.caravan.definition.AgentStep;
import dev.caravan.definition.WaitStep;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Steps that wait (bean {@code caravanWaits}): a call the agent answered {@code 202 accepted}
 * waits for its callback, a {@code wait_for} step for its signal. The wait is durable:
 * <ol>
 * <li>the step's row says that it waits, for what and until when ({@link WaitStore});</li>
 * <li>its place is held in the rendezvous of {@code routes/waits.yaml}, an aggregator over a JDBC
 *     aggregation repository, which pairs the waiting step with its answer in whichever order they
 *     come and on whichever node the answer arrives;</li>
 * <li>the completed rendezvous commits the step's result to its row (only if it still waits), then
 *     wakes the step's route if it runs on this node; a route on another node sees the row change
 *     on its next look ({@code caravan.waits.poll}).</li>
 * </ol>
 * After a restart the run is re-entered, the step finds its row still waiting and waits again, with
 * the deadline it had.
 */
@Component(StepWaits.BEAN)
public class StepWaits {

    static final String BEAN = "caravanWaits";
    private static final Logger LOG = LoggerFactory.getLogger(StepWaits.class);
    private static final String RENDEZVOUS = "direct:caravan.waits";
    /** A rendezvous no step ends is dropped this long after its step's deadline. */
    private static final Duration BACKSTOP_MARGIN = Duration.ofHours(1);

    private final WaitStore waits;
    private final RunStore runs;
    private final WorkflowCatalog catalog;
    private final StepTracker steps;
    private final WaitParts parts;
    private final CallbackTokens tokens;
    private final RouteHandOff handOff;
    private final Clock clock;
    private final Duration poll;
    private final Map<String, CompletableFuture<Void>> wakeUps = new ConcurrentHashMap<>();

    public StepWaits(WaitStore waits, RunStore runs, WorkflowCatalog catalog, StepTracker steps, WaitParts parts,
            CallbackTokens tokens, RouteHandOff handOff, Clock clock,
            @Value("${caravan.waits.poll:5s}") Duration poll) {
        this.waits = waits;
        this.runs = runs;
        this.catalog = catalog;
        this.steps = steps;
        this.parts = parts;
        this.tokens = tokens;
        this.handOff = handOff;
        this.clock = clock;
        this.poll = poll;
    }

    /** Waits for the callback of a call its agent answered 202; the callback's output becomes the body. */
    public void awaitCallback(Exchange exchange) {
        RunContext run = StepTracker.scope(exchange).run();
        String key = exchange.getProperty(CallProperties.STEP_KEY, String.class);
        String stepId = exchange.getProperty(StepTracker.STEP, String.class);
        String agent = exchange.getProperty(CallProperties.AGENT, String.class);
        Duration timeout = ((AgentStep) run.planned(stepId).definition()).callbackTimeout();
        Instant deadline = deadline(run.runId(), key, "callback", timeout);
        LOG.debug("Run {}: step {} waits for {}'s callback until {}", run.runId(), key, agent, deadline);
        WaitStore.StepWait ended = await(run, key, deadline,
                "no callback from " + agent + " within " + words(timeout) + " of its 202 accepted");
        String instance = exchange.getProperty(CallProperties.INSTANCE, String.class);
        if (ended.status() != StepStatus.SUCCESS) {
            throw new AgentFailureException(ended.error(), instance);
        }
        exchange.getMessage().setBody(ended.output() == null ? Map.of() : ended.output());
    }

    /** A {@code wait_for} step: waits for its signal; the signal's payload becomes the step's output. */
    public void awaitSignal(Exchange exchange, String stepId) {
        RunScope scope = StepTracker.scope(exchange);
        RunContext run = scope.run();
        String key = scope.keyOf(stepId);
        StepResult earlier = run.result(key).orElse(null);
        if (earlier != null && earlier.status() == StepStatus.SUCCESS) {
            return;
        }
        run.checkRunning();
        WaitStep step = (WaitStep) run.planned(stepId).definition();
        StepResult current = earlier != null ? earlier : StepResult.pending(key, stepId, null);
        if (current.status() != StepStatus.RUNNING) {
            current = current.running(null, run.now());
            run.save(current);
        }
        Instant deadline = deadline(run.runId(), key, "signal:" + step.signal(), step.timeout());
        WaitStore.StepWait ended = await(run, key, deadline,
                "no signal '" + step.signal() + "' within " + words(step.timeout()));
        if (ended.status() == StepStatus.SUCCESS) {
            run.save(current.succeeded(ended.output() == null ? Map.of() : ended.output(), run.now()));
        } else {
            steps.fail(exchange, stepId, ended.error());
        }
    }

    /**
     * The end of a rendezvous (from {@code routes/waits.yaml}): commits the step's result, if the
     * step still waits, and wakes its route. A rendezvous the backstop timeout ended without an
     * answer, or with an answer but no step, is dropped: its step ended (or never waited) long ago.
     */
    public void complete(Exchange exchange) {
        Rendezvous rendezvous = parts.read(exchange);
        if (!rendezvous.complete()) {
            LOG.info("Dropped the rendezvous of run {} step {}: nothing completed it before its backstop",
                    rendezvous.runId(), rendezvous.stepKey());
            return;
        }
        boolean finished = waits.finish(rendezvous.runId(), rendezvous.stepKey(), rendezvous.succeeded(),
                rendezvous.succeeded() ? rendezvous.output() : null,
                rendezvous.succeeded() ? null : rendezvous.error(), clock.instant());
        LOG.debug("Run {} step {} answered ({})", rendezvous.runId(), rendezvous.stepKey(),
                finished ? "finished" : "had already ended");
        wake(rendezvous.runId(), rendezvous.stepKey());
    }

    /**
     * An agent's callback for a step it answered 202. Returns the step's status afterwards:
     * {@code success}/{@code failure}, or {@code running} when the callback came before Caravan
     * had read the agent's 202 (the rendezvous holds it until then).
     */
    public String deliverCallback(String runId, String stepKey, String token, Map<String, Object> answer) {
        if (!tokens.isValid(runId, stepKey, token)) {
            throw new InvalidCallbackTokenException();
        }
        WaitStore.StepWait step = waits.find(runId, stepKey)
                .orElseThrow(() -> UnknownRunException.noPart("run " + runId + " has no step " + stepKey));
        // a step still pending may already have been called: its running mark is committed without
        // waiting (docs/state.md, "Group commit"), and a fast agent may call back before it lands
        if (step.status().isTerminal()) {
            throw new RunConflictException("step " + stepKey + " of run " + runId + " has already ended ("
                    + step.status().name().toLowerCase(Locale.ROOT) + "): this callback changes nothing");
        }
        Object status = answer.get("status");
        if (!"success".equals(status) && !"failure".equals(status)) {
            throw new InvalidRequestException("a callback carries the result shape of the agent protocol: "
                    + "{\"status\": \"success\", \"output\": {...}} or {\"status\": \"failure\", \"error\": \"...\"}");
        }
        send(Rendezvous.answerPart(runId, stepKey, answer), BACKSTOP_MARGIN.plus(Duration.ofHours(24)));
        return statusOf(runId, stepKey);
    }

    /**
     * A signal for a run: completes the step that waits for it, or the first step of that signal
     * the run has not reached yet (the rendezvous keeps it until the step waits). Returns the step key.
     */
    public String deliverSignal(String runId, String signal, Map<String, Object> payload) {
        RunRecord run = runs.find(runId).orElseThrow(() -> new UnknownRunException(runId));
        if (run.status().isTerminal()) {
            throw new RunConflictException("run " + runId + " has ended (" + run.status().wireName()
                    + "): signal '" + signal + "' changes nothing");
        }
        List<String> waiting = waits.waitingForSignal(runId, signal);
        String key = waiting.isEmpty() ? notYetWaiting(run, signal) : waiting.getFirst();
        send(Rendezvous.answerPart(runId, key, Map.of("status", "success", "output", payload)),
                BACKSTOP_MARGIN.plus(Duration.ofDays(30)));
        return key;
    }

    /** The status of a step after an answer was handed over, as the API reports it. */
    public String statusOf(String runId, String stepKey) {
        return waits.find(runId, stepKey).map(step -> step.status().name().toLowerCase(Locale.ROOT)).orElse("pending");
    }

    private String notYetWaiting(RunRecord run, String signal) {
        var compiled = catalog.revision(run.workflowId(), run.revision())
                .orElseThrow(() -> UnknownRunException.noPart("run " + run.runId() + "'s revision is not stored"));
        List<PlannedStep> candidates = compiled.plan().steps().stream()
                .filter(step -> step.definition() instanceof WaitStep wait && wait.signal().equals(signal)
                        && step.stepId().equals(wait.id()))
                .toList();
        if (candidates.isEmpty()) {
            throw UnknownRunException.noPart("run " + run.runId() + " of " + run.workflowId()
                    + " has no step that waits for signal '" + signal + "'");
        }
        for (PlannedStep candidate : candidates) {
            Optional<StepResult> row = run.steps().stream().filter(step -> step.key().equals(candidate.stepId())).findFirst();
            boolean notReached = row.isEmpty() || row.get().status() == StepStatus.PENDING;
            if (!candidate.iterated() && notReached) {
                return candidate.stepId();
            }
        }
        throw new RunConflictException("no step of run " + run.runId() + " waits for signal '" + signal
                + "' now: the steps that wait for it have ended or run once per iteration and are not waiting yet");
    }

    private Instant deadline(String runId, String key, String waitingFor, Duration timeout) {
        Optional<WaitStore.StepWait> earlier = waits.find(runId, key);
        if (earlier.isPresent() && waitingFor.equals(earlier.get().waitingFor()) && earlier.get().deadline() != null) {
            return earlier.get().deadline();
        }
        Instant deadline = clock.instant().plus(timeout);
        waits.markWaiting(runId, key, waitingFor, deadline);
        return deadline;
    }

    /** Blocks this route's (virtual) thread until the step's wait has ended, and returns how it ended. */
    private WaitStore.StepWait await(RunContext run, String key, Instant deadline, String timeoutReason) {
        String waitKey = run.runId() + ":" + key;
        CompletableFuture<Void> wakeUp = wakeUps.computeIfAbsent(waitKey, k -> new CompletableFuture<>());
        try {
            // an answer may have ended the wait while this run was not executing (a restart): then
            // there is nothing to wait for, and a waiting part would only be left behind
            WaitStore.StepWait before = waits.find(run.runId(), key).orElseThrow();
            if (before.status().isTerminal()) {
                return before;
            }
            send(Rendezvous.waitingPart(run.runId(), key),
                    Duration.between(clock.instant(), deadline).plus(BACKSTOP_MARGIN));
            while (true) {
                WaitStore.StepWait row = waits.find(run.runId(), key).orElseThrow();
                if (row.status().isTerminal()) {
                    return row;
                }
                run.checkRunning();
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    // only if no answer ended the wait first: the conditional commit decides
                    waits.finish(run.runId(), key, false, null, timeoutReason, clock.instant());
                    continue;
                }
                sleepUntilWoken(wakeUp, run.completion(key), left.compareTo(poll) < 0 ? left : poll);
            }
        } finally {
            wakeUps.remove(waitKey, wakeUp);
            waits.discardRendezvous(run.runId(), key);
        }
    }

    private static void sleepUntilWoken(CompletableFuture<Void> wakeUp, CompletableFuture<StepStatus> runStopped,
            Duration atMost) {
        try {
            CompletableFuture.anyOf(wakeUp, runStopped).get(Math.max(1, atMost.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException lookAgain) {
            // the loop reads the step's row again: an answer on another node, a deadline, a stopped run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunAbortedException("interrupted while waiting");
        }
    }

    private void wake(String runId, String stepKey) {
        CompletableFuture<Void> wakeUp = wakeUps.get(runId + ":" + stepKey);
        if (wakeUp != null) {
            wakeUp.complete(null);
        }
    }

    /** Hands a part to the rendezvous route. */
    private void send(Rendezvous part, Duration backstop) {
        handOff.send(RENDEZVOUS, Map.of(
                        WaitParts.KEY, part.runId() + ":" + part.stepKey(),
                        WaitParts.BACKSTOP, Math.max(1000, backstop.toMillis())),
                parts.write(part), "the wait's rendezvous");
    }

    private static String words(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
