package dev.caravan.run;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.compile.WorkflowCompiler;
import dev.caravan.definition.FailureHook;
import dev.caravan.definition.ValidationError;
import dev.caravan.definition.WorkflowValidationException;
import dev.caravan.event.EventBus;
import dev.caravan.event.ReportedEvent;
import dev.caravan.definition.WorkflowDefinition;
import dev.caravan.definition.WorkflowParser;
import dev.caravan.run.DefinitionStore.StoredRevision;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * The deployed workflows and their revisions. Deploying parses and validates the text, compiles
 * it, stores the revision with its text, and loads its routes beside the current ones; new runs
 * then take the new revision, and an older revision's routes are removed once its last run has
 * ended ({@link RevisionRetirement}). Undeploying leaves a workflow without a current revision:
 * no new run starts, runs in flight finish on theirs. After a restart the current revisions are
 * compiled again from the store, and an older one when a resumed run pinned it
 * ({@link LoadedRevisions}); what other nodes sharing the database deploy and undeploy reaches
 * this one through {@link DefinitionSync}.
 *
 * <p>Each workflow id has a lock of its own ({@link WorkflowLocks}), held to choose a revision
 * number, compile and load its routes, store it and make it current, and to unload a revision's
 * routes: a route whose id exists is replaced silently when loaded again (STACK.md trap 2), and
 * route ids carry the revision number, so two loads of one workflow must not interleave.
 * Compiling stays under that lock for the same reason: its output names the revision. Parsing and
 * validating, which take the text alone, happen before any lock. So a large deploy holds up only
 * its own workflow, and the common paths of runs (a run ending on the current revision, a signal
 * finding its run's revision loaded) take no lock at all. The {@link WorkflowLifecycle} beans
 * hear of a change once the lock is let go ({@link RevisionAnnouncer}).
 */
@Component
public class WorkflowCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowCatalog.class);
    private static final int MAX_STORE_ATTEMPTS = 5;
    /** The longest source name (a file name, or the API's {@code ?name=}): workflow.rejected takes it as correlation id, a column of 200. */
    public static final int MAX_SOURCE_NAME = 200;

    private final WorkflowParser parser;
    private final WorkflowCompiler compiler;
    private final RevisionRoutes routes;
    private final DefinitionStore store;
    private final NotifyProperties notify;
    private final Clock clock;
    private final EventBus events;
    private final LoadedRevisions revisions;
    private final WorkflowLocks locks;
    private final RevisionRetirement retirement;
    private final DefinitionSync sync;
    private final RevisionAnnouncer announcer;

    public WorkflowCatalog(WorkflowParser parser, WorkflowCompiler compiler, RevisionRoutes routes,
            DefinitionStore store, NotifyProperties notify, Clock clock, EventBus events,
            LoadedRevisions revisions, WorkflowLocks locks, RevisionRetirement retirement, DefinitionSync sync,
            RevisionAnnouncer announcer) {
        this.parser = parser;
        this.compiler = compiler;
        this.routes = routes;
        this.store = store;
        this.notify = notify;
        this.clock = clock;
        this.events = events;
        this.revisions = revisions;
        this.locks = locks;
        this.retirement = retirement;
        this.sync = sync;
        this.announcer = announcer;
    }

    /**
     * Deploys a workflow's text. Throws {@link dev.caravan.definition.WorkflowValidationException}
     * with every error when the text is not a valid workflow, or cannot be compiled into routes;
     * nothing changes then.
     *
     * @throws InvalidRequestException when the source name is longer than {@link #MAX_SOURCE_NAME}
     */
    public Deployment deploy(String sourceName, String text) {
        if (sourceName.length() > MAX_SOURCE_NAME) {
            throw new InvalidRequestException("a workflow's source name (the file name, or ?name=) has at most "
                    + MAX_SOURCE_NAME + " characters; this one has " + sourceName.length());
        }
        WorkflowDefinition definition = parse(sourceName, text);
        // another node may have deployed this workflow since this one last looked: the text is
        // compared with the revision that is current in the store, not with a stale one
        sync.syncWithStore();
        Stored stored = locks.withLock(definition.id(), () -> deployHere(definition, sourceName, text));
        // outside the workflow's lock, which a listener of the event may need
        stored.awaitDelivery();
        announcer.announce(stored.deployment().workflow().workflowId(), true);
        return stored.deployment();
    }

    /** A deployment, and the event of the revision it stored (null when it stored none). */
    private record Stored(Deployment deployment, ReportedEvent event) {

        void release() {
            if (event != null) {
                event.release();
            }
        }

        void awaitDelivery() {
            if (event != null) {
                event.awaitDelivery();
            }
        }
    }

    /** The text as a workflow, the limits applied; a rejection is published as {@code workflow.rejected}. */
    private WorkflowDefinition parse(String sourceName, String text) {
        try {
            return parser.parse(sourceName, text);
        } catch (WorkflowValidationException invalid) {
            throw rejected(sourceName, invalid);
        }
    }

    private WorkflowValidationException rejected(String sourceName, WorkflowValidationException invalid) {
        events.publish("workflow.rejected", sourceName, Map.of("source", sourceName,
                "errors", invalid.errors().stream().map(ValidationError::toString).toList()));
        return invalid;
    }

    /** Under the workflow's lock. */
    private Stored deployHere(WorkflowDefinition definition, String sourceName, String text) {
        Optional<CompiledWorkflow> previous = latest(definition.id());
        List<String> warnings = warnings(definition);
        if (previous.isPresent()
                && previous.get().definition().source().checksum().equals(definition.source().checksum())) {
            return new Stored(new Deployment(previous.get(), false, warnings), null);
        }
        Stored stored = storeNextRevision(definition, sourceName, text, warnings);
        try {
            revisions.makeCurrent(stored.deployment().workflow());
            previous.ifPresent(retirement::retireIfIdle);
        } finally {
            // the revision is current here: whoever learns of it from the event may start it at once
            stored.release();
        }
        if (stored.deployment().created()) {
            warnings.forEach(warning -> LOG.warn("{}: {}", sourceName, warning));
            LOG.info("Deployed workflow {} revision {} from {}", definition.id(),
                    stored.deployment().workflow().revision(), sourceName);
        }
        return stored;
    }

    /**
     * Stores the definition as the workflow's next revision and loads its routes. Another node
     * sharing the database may store that number first: then this text goes under the number after
     * it, unless the other node stored the very same text, which this deploy then takes as its own
     * (nothing new is stored).
     */
    private Stored storeNextRevision(WorkflowDefinition definition, String sourceName, String text,
            List<String> warnings) {
        for (int attempt = 1; ; attempt++) {
            // after an undeploy the workflow has no current revision, but its numbers go on
            int revision = store.lastRevision(definition.id()).orElse(0) + 1;
            CompiledWorkflow compiled = compileAndLoad(definition, revision, sourceName);
            ReportedEvent deployed = events.report("workflow.deployed", definition.id(), Map.of(
                    "workflow", definition.id(), "revision", revision, "source", sourceName,
                    "checksum", definition.source().checksum())).held();
            try {
                store.save(new StoredRevision(definition.id(), revision, definition.version(), definition.name(),
                        sourceName, text, definition.source().checksum(), clock.instant()), deployed);
                revisions.add(compiled);
                return new Stored(new Deployment(compiled, true, warnings), deployed);
            } catch (DuplicateKeyException storedByAnotherNode) {
                Optional<StoredRevision> other = store.find(definition.id(), revision);
                if (other.isPresent() && other.get().checksum().equals(definition.source().checksum())) {
                    revisions.add(compiled);
                    return new Stored(new Deployment(compiled, false, warnings), null);
                }
                routes.unload(compiled);
                if (attempt == MAX_STORE_ATTEMPTS) {
                    throw new IllegalStateException("workflow " + definition.id() + " could not be stored: other "
                            + "nodes stored new revisions of it at the same time, " + attempt + " times in a row");
                }
            } catch (RuntimeException notStored) {
                // the database refused or failed: a revision that is not stored must not keep routes in
                // Camel that nothing tracks (the next deploy under its number would replace them unseen)
                routes.unload(compiled);
                throw notStored;
            }
        }
    }

    /**
     * A workflow that passed validation but that Caravan cannot turn into routes (a limit of
     * Camel's, or a fault of Caravan's) is refused like an invalid one, as the whole file: a clear
     * 400 or report beside the file, the details in the log, never a 500 with a stack trace.
     */
    private CompiledWorkflow compileAndLoad(WorkflowDefinition definition, int revision, String sourceName) {
        CompiledWorkflow compiled;
        try {
            compiled = compiler.compile(definition, revision);
        } catch (RuntimeException | StackOverflowError e) {
            throw uncompilable(definition, sourceName, "it could not be compiled into Camel routes", e);
        }
        try {
            routes.load(compiled);
        } catch (RuntimeException e) {
            throw uncompilable(definition, sourceName, "Camel refused the routes compiled from it", e);
        }
        return compiled;
    }

    private WorkflowValidationException uncompilable(WorkflowDefinition definition, String sourceName, String what,
            Throwable cause) {
        LOG.error("Workflow {} from {} is valid, but {}", definition.id(), sourceName, what, cause);
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return rejected(sourceName, new WorkflowValidationException(List.of(new ValidationError(sourceName, 1, 1, "",
                "the workflow is valid, but " + what + " (the server log has the details): " + reason))));
    }

    /** Compiles and loads the current revision of every stored workflow: the first thing after a start. */
    public void restore() {
        sync.restore();
    }

    /**
     * Undeploys a workflow: no new run starts on it (starting one answers as for an unknown
     * workflow), runs in flight finish on their revision, whose routes go when the last one ends.
     * The removal is stored, so a restart does not bring the workflow back; a later deploy of the
     * same id does, with the next revision number.
     *
     * @throws UnknownWorkflowException when no workflow of that id is deployed
     */
    public void undeploy(String workflowId) {
        // delivered outside the workflow's lock, which a listener of the event may need
        locks.withLock(workflowId, () -> undeployHere(workflowId)).awaitDelivery();
        announcer.announce(workflowId, false);
    }

    /** Under the workflow's lock. */
    private ReportedEvent undeployHere(String workflowId) {
        CompiledWorkflow undeployed = latest(workflowId).orElseThrow(() -> new UnknownWorkflowException(workflowId, null));
        // held until the workflow is gone from here: whoever hears of it must not start it any more
        ReportedEvent event = events.report("workflow.undeployed", workflowId, Map.of("workflow", workflowId,
                "revision", undeployed.revision())).held();
        store.markRemoved(workflowId, undeployed.revision(), clock.instant(), event);
        try {
            revisions.removeCurrent(workflowId);
            retirement.retireIfIdle(undeployed);
        } finally {
            event.release();
        }
        LOG.info("Undeployed workflow {} (revision {}); its runs in flight finish on that revision", workflowId,
                undeployed.revision());
        return event;
    }

    /** Whether the workflow was undeployed and has not been deployed again since. */
    public boolean undeployed(String workflowId) {
        return revisions.current(workflowId).isEmpty() && store.isRemoved(workflowId);
    }

    /** The revision new runs of the workflow take; empty when it is not deployed. */
    public Optional<CompiledWorkflow> latest(String workflowId) {
        return revisions.current(workflowId);
    }

    /** The latest loaded revision whose {@code version:} label is the given one, while the workflow is deployed. */
    public Optional<CompiledWorkflow> withVersion(String workflowId, String version) {
        return revisions.withVersion(workflowId, version);
    }

    /**
     * A revision, loaded from the store (and compiled again) when no route of it is in Camel. A
     * loaded one is answered without the workflow's lock: a signal or a resumed run does not wait
     * for a deploy of its workflow.
     */
    public Optional<CompiledWorkflow> revision(String workflowId, int revision) {
        return revisions.revision(workflowId, revision);
    }

    /** The current revision of every workflow, by id. */
    public List<CompiledWorkflow> all() {
        return revisions.allCurrent();
    }

    /** Every revision of a workflow as stored, oldest first. */
    public List<StoredRevision> revisionsOf(String workflowId) {
        return store.revisionsOf(workflowId);
    }

    /** A run starts on a revision: its routes stay until the run ends. */
    void runStarted(CompiledWorkflow workflow) {
        retirement.runStarted(workflow);
    }

    /** A run ended: its revision goes if it is no longer current and this was its last run. */
    void runEnded(CompiledWorkflow workflow) {
        retirement.runEnded(workflow);
    }

    private List<String> warnings(WorkflowDefinition definition) {
        List<String> warnings = new ArrayList<>();
        boolean slack = definition.errorHandling().onFailure().stream()
                .anyMatch(hook -> hook instanceof FailureHook.NotifyHook notifyHook
                        && notifyHook.channel() == FailureHook.Channel.SLACK);
        if (slack && !notify.slackConfigured()) {
            warnings.add("on_failure has notify: slack but SLACK_WEBHOOK_URL is not set: "
                    + "the notification will fail (and be recorded on the run) until it is");
        }
        return warnings;
    }
}
