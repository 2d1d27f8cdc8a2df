package dev.caravan.run;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.compile.WorkflowCompiler;
import dev.caravan.definition.FailureHook;
import dev.caravan.definition.WorkflowDefinition;
import dev.caravan.definition.WorkflowParser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The deployed workflows and their revisions. Deploying parses and validates the text, compiles
 * it, and loads the revision's routes beside the current ones; new runs then take the new
 * revision, and an older revision's routes are removed once its last run has ended.
 */
@Component
public class WorkflowCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowCatalog.class);

    private final WorkflowParser parser;
    private final WorkflowCompiler compiler;
    private final CamelContext camel;
    private final NotifyProperties notify;
    private final Map<String, List<CompiledWorkflow>> revisions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> activeRuns = new ConcurrentHashMap<>();
    private final Map<String, CompiledWorkflow> retired = new ConcurrentHashMap<>();

    public WorkflowCatalog(WorkflowParser parser, WorkflowCompiler compiler, CamelContext camel,
            NotifyProperties notify) {
        this.parser = parser;
        this.compiler = compiler;
        this.camel = camel;
        this.notify = notify;
    }

    /**
     * Deploys a workflow's text. Throws {@link dev.caravan.definition.WorkflowValidationException}
     * with every error when the text is not a valid workflow; nothing changes then.
     */
    public synchronized Deployment deploy(String sourceName, String text) {
        WorkflowDefinition definition = parser.parse(sourceName, text);
        Optional<CompiledWorkflow> current = latest(definition.id());
        if (current.isPresent()
                && current.get().definition().source().checksum().equals(definition.source().checksum())) {
            return new Deployment(current.get(), false, warnings(definition));
        }
        int revision = current.map(CompiledWorkflow::revision).orElse(0) + 1;
        CompiledWorkflow compiled = compiler.compile(definition, revision);
        load(compiled);
        revisions.computeIfAbsent(definition.id(), id -> new CopyOnWriteArrayList<>()).add(compiled);
        current.ifPresent(this::retire);
        List<String> warnings = warnings(definition);
        warnings.forEach(warning -> LOG.warn("{}: {}", sourceName, warning));
        LOG.info("Deployed workflow {} revision {} from {}", definition.id(), revision, sourceName);
        return new Deployment(compiled, true, warnings);
    }

    public Optional<CompiledWorkflow> latest(String workflowId) {
        List<CompiledWorkflow> list = revisions.get(workflowId);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.getLast());
    }

    /** The latest revision whose {@code version:} label is the given one. */
    public Optional<CompiledWorkflow> withVersion(String workflowId, String version) {
        List<CompiledWorkflow> list = revisions.getOrDefault(workflowId, List.of());
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).definition().version().equals(version)) {
                return Optional.of(list.get(i));
            }
        }
        return Optional.empty();
    }

    public Optional<CompiledWorkflow> revision(String workflowId, int revision) {
        return revisions.getOrDefault(workflowId, List.of()).stream()
                .filter(compiled -> compiled.revision() == revision).findFirst();
    }

    /** The current revision of every workflow, by id. */
    public List<CompiledWorkflow> all() {
        List<CompiledWorkflow> all = new ArrayList<>();
        revisions.values().forEach(list -> all.add(list.getLast()));
        all.sort(Comparator.comparing(CompiledWorkflow::workflowId));
        return all;
    }

    public List<CompiledWorkflow> revisionsOf(String workflowId) {
        return List.copyOf(revisions.getOrDefault(workflowId, List.of()));
    }

    /** A run starts on a revision: its routes stay until the run ends. */
    void runStarted(CompiledWorkflow workflow) {
        activeRuns.computeIfAbsent(workflow.names().base(), key -> new AtomicInteger()).incrementAndGet();
    }

    void runEnded(CompiledWorkflow workflow) {
        String base = workflow.names().base();
        int left = activeRuns.computeIfAbsent(base, key -> new AtomicInteger()).decrementAndGet();
        if (left == 0 && retired.containsKey(base)) {
            unload(retired.remove(base));
        }
    }

    private void retire(CompiledWorkflow old) {
        String base = old.names().base();
        retired.put(base, old);
        AtomicInteger active = activeRuns.get(base);
        if (active == null || active.get() == 0) {
            unload(retired.remove(base));
        }
    }

    private void load(CompiledWorkflow compiled) {
        // the loader picks YAML by what follows the first dot of the name
        String name = "workflow-" + compiled.workflowId() + "-r" + compiled.revision() + ".yaml";
        try {
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString(name, compiled.routesYaml()));
        } catch (Exception e) {
            throw new IllegalStateException("Camel refused the routes compiled from workflow "
                    + compiled.workflowId() + ": " + e.getMessage(), e);
        }
    }

    private void unload(CompiledWorkflow compiled) {
        if (compiled == null) {
            return;
        }
        for (String routeId : compiled.routeIds()) {
            try {
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
            } catch (Exception e) {
                LOG.warn("Could not remove route {} of a retired revision: {}", routeId, e.getMessage());
            }
        }
        LOG.info("Removed the routes of workflow {} revision {}", compiled.workflowId(), compiled.revision());
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
