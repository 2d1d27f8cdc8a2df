package dev.caravan.run;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.compile.WorkflowCompiler;
import dev.caravan.definition.WorkflowDefinition;
import dev.caravan.definition.WorkflowParser;
import dev.caravan.run.DefinitionStore.StoredRevision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.springframework.stereotype.Component;

/**
 * The revisions whose routes are in Camel on this node, by workflow, and the one new runs of each
 * workflow take. A revision asked for that is not loaded (one a resumed run pinned, one another
 * node deployed) is compiled again from its stored text and loaded.
 *
 * <p>Whatever changes a workflow's revisions holds its lock ({@link WorkflowLocks}); reading them
 * takes no lock, so that runs and signals do not wait for a deploy.
 */
@Component
class LoadedRevisions {

    private final WorkflowParser parser;
    private final WorkflowCompiler compiler;
    private final RevisionRoutes routes;
    private final DefinitionStore store;
    private final WorkflowLocks locks;
    /** Loaded revisions (their routes are in Camel) by workflow id, then revision number. */
    private final Map<String, ConcurrentSkipListMap<Integer, CompiledWorkflow>> loaded = new ConcurrentHashMap<>();
    /** The revision new runs of each deployed workflow take; an undeployed workflow has none. */
    private final Map<String, CompiledWorkflow> current = new ConcurrentHashMap<>();

    LoadedRevisions(WorkflowParser parser, WorkflowCompiler compiler, RevisionRoutes routes, DefinitionStore store,
            WorkflowLocks locks) {
        this.parser = parser;
        this.compiler = compiler;
        this.routes = routes;
        this.store = store;
        this.locks = locks;
    }

    /** The revision new runs of the workflow take; empty when it is not deployed. */
    Optional<CompiledWorkflow> current(String workflowId) {
        return Optional.ofNullable(current.get(workflowId));
    }

    /** The current revision of every workflow, by id. */
    List<CompiledWorkflow> allCurrent() {
        List<CompiledWorkflow> all = new ArrayList<>(current.values());
        all.sort(Comparator.comparing(CompiledWorkflow::workflowId));
        return all;
    }

    /** Under the workflow's lock: new runs take this revision, which is loaded. */
    void makeCurrent(CompiledWorkflow workflow) {
        current.put(workflow.workflowId(), workflow);
    }

    /** Under the workflow's lock: no new run starts on the workflow. */
    void removeCurrent(String workflowId) {
        current.remove(workflowId);
    }

    /** The latest loaded revision whose {@code version:} label is the given one, while the workflow is deployed. */
    Optional<CompiledWorkflow> withVersion(String workflowId, String version) {
        if (!current.containsKey(workflowId)) {
            return Optional.empty();
        }
        ConcurrentSkipListMap<Integer, CompiledWorkflow> revisions = loaded.getOrDefault(workflowId, new ConcurrentSkipListMap<>());
        return revisions.descendingMap().values().stream()
                .filter(compiled -> compiled.definition().version().equals(version)).findFirst();
    }

    /**
     * A revision, loaded from the store (and compiled again) when no route of it is in Camel. A
     * loaded one is answered without the workflow's lock: a signal or a resumed run does not wait
     * for a deploy of its workflow.
     */
    Optional<CompiledWorkflow> revision(String workflowId, int revision) {
        return loadedRevision(workflowId, revision).or(() -> locks.withLock(workflowId, () -> loadedRevision(workflowId, revision)
                .or(() -> store.find(workflowId, revision).map(this::load))));
    }

    private Optional<CompiledWorkflow> loadedRevision(String workflowId, int revision) {
        ConcurrentSkipListMap<Integer, CompiledWorkflow> revisions = loaded.get(workflowId);
        return Optional.ofNullable(revisions == null ? null : revisions.get(revision));
    }

    /** Under the workflow's lock: a stored revision, parsed without the limits: it passed those of its day when it was deployed. */
    CompiledWorkflow load(StoredRevision stored) {
        WorkflowDefinition definition = parser.parseStored(stored.sourceName(), stored.sourceText());
        CompiledWorkflow compiled = compiler.compile(definition, stored.revision());
        routes.load(compiled);
        add(compiled);
        return compiled;
    }

    /** Under the workflow's lock: a revision whose routes were just loaded into Camel. */
    void add(CompiledWorkflow compiled) {
        loaded.computeIfAbsent(compiled.workflowId(), id -> new ConcurrentSkipListMap<>())
                .put(compiled.revision(), compiled);
    }

    /** Under the workflow's lock: takes the revision's routes out of Camel, if they are in. */
    void unload(CompiledWorkflow workflow) {
        ConcurrentSkipListMap<Integer, CompiledWorkflow> revisions = loaded.get(workflow.workflowId());
        if (revisions != null && revisions.remove(workflow.revision()) != null) {
            routes.unload(workflow);
        }
    }
}
