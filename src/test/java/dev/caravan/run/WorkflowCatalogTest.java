package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.compile.WorkflowCompiler;
import dev.caravan.definition.AgentCatalog;
import dev.caravan.definition.ValidationError;
import dev.caravan.definition.WorkflowParser;
import dev.caravan.definition.WorkflowValidationException;
import dev.caravan.event.Event;
import dev.caravan.event.EventBus;
import dev.caravan.event.EventStore;
import dev.caravan.event.ReportedEvent;
import dev.caravan.expression.ExpressionEvaluator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The catalog on its own, Camel and the database left out: what a deploy that Camel refuses, or
 * that the store fails to save, becomes, and which operations wait for a deploy in progress.
 */
class WorkflowCatalogTest {

    private final Routes routes = new Routes();
    private final MemoryStore store = new MemoryStore();
    private final Events events = new Events();
    private final WorkflowParser parser = new WorkflowParser(AgentCatalog.ANY, new ExpressionEvaluator());
    private final WorkflowCompiler compiler = new WorkflowCompiler();
    private final WorkflowLocks locks = new WorkflowLocks();
    private final LoadedRevisions revisions = new LoadedRevisions(parser, compiler, routes, store, locks);
    private final RevisionRetirement retirement = new RevisionRetirement(revisions, locks);
    private final RevisionAnnouncer announcer = new RevisionAnnouncer(revisions,
            new StaticListableBeanFactory().getBeanProvider(WorkflowLifecycle.class));
    private final WorkflowCatalog catalog = new WorkflowCatalog(parser, compiler, routes, store,
            new NotifyProperties(null), Clock.systemUTC(), new EventBus(events, Clock.systemUTC()), revisions, locks,
            retirement, new DefinitionSync(store, revisions, locks, retirement, announcer), announcer);
    /** Threads of the test's own: the common pool may have a single one on a small machine. */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    /** Camel refusing routes (its YAML size limit, say) was a 500 with a stack trace in the log only. */
    @Test
    void aValidWorkflowWhoseRoutesCamelRefusesIsRejectedAsAWholeAndNothingIsStored() {
        routes.refuse("refused", new IllegalStateException("Camel refused the routes compiled from workflow refused",
                new IllegalArgumentException("The incoming YAML document exceeds the limit: 3145728 code points.")));

        assertThatThrownBy(() -> catalog.deploy("refused.yml", workflow("refused", "ping")))
                .isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> assertThat(rejection.errors())
                        .singleElement().extracting(ValidationError::toString).isEqualTo("refused.yml:1:1: the workflow is "
                                + "valid, but Camel refused the routes compiled from it (the server log has the details): "
                                + "The incoming YAML document exceeds the limit: 3145728 code points."));
        assertThat(store.lastRevision("refused")).isEmpty();
        assertThat(catalog.latest("refused")).isEmpty();
        assertThat(events.types).containsExactly("workflow.rejected");
    }

    /** A store that fails left the revision's routes in Camel, loaded and tracked by nothing. */
    @Test
    void aRevisionTheStoreFailsToSaveLeavesNoRoutesBehind() {
        catalog.deploy("kept.yml", workflow("kept", "ping"));
        store.fail(new DataAccessResourceFailureException("the database is down"));

        assertThatThrownBy(() -> catalog.deploy("kept.yml", workflow("kept", "pong")))
                .hasMessage("the database is down");
        assertThat(routes.loaded).containsExactly("kept.r1");
        assertThat(catalog.latest("kept")).get().extracting(CompiledWorkflow::revision).isEqualTo(1);
    }

    /**
     * Loading a big workflow's routes took minutes, and everything that took the catalog's monitor
     * waited: other deploys, signals (which look up their run's revision), the end of every run.
     * Now only what concerns that workflow's revisions waits.
     */
    @Test
    void aDeployInProgressHoldsUpNeitherOtherWorkflowsNorTheRunsOfItsOwnCurrentRevision() throws Exception {
        CompiledWorkflow first = catalog.deploy("slow.yml", workflow("slow", "v1")).workflow();
        CountDownLatch loading = routes.hold("slow");

        CompletableFuture<Deployment> second = CompletableFuture.supplyAsync(() -> catalog.deploy("slow.yml",
                workflow("slow", "v2")), threads);
        assertThat(loading.await(10, TimeUnit.SECONDS)).as("the second revision's routes are being loaded").isTrue();
        CompletableFuture<Object> meanwhile = CompletableFuture.supplyAsync(() -> {
            catalog.deploy("other.yml", workflow("other", "ping"));
            catalog.runStarted(first);
            catalog.runEnded(first);
            return catalog.revision("slow", 1).orElseThrow();
        }, threads);

        assertThat(meanwhile.get(10, TimeUnit.SECONDS)).isSameAs(first);
        assertThat(catalog.latest("other")).isPresent();
        assertThat(second).isNotDone();
        routes.release("slow");
        assertThat(second.get(10, TimeUnit.SECONDS).workflow().revision()).isEqualTo(2);
        assertThat(catalog.latest("slow").orElseThrow().revision()).isEqualTo(2);
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static String workflow(String id, String action) {
        return "id: " + id + "\nname: " + id + "\nsteps:\n  - { agent: agent1, action: " + action + " }\n";
    }

    /** Camel's side: loads succeed, unless a workflow's are refused, or held until released. */
    private static final class Routes extends RevisionRoutes {

        private final Map<String, RuntimeException> refusals = new ConcurrentHashMap<>();
        private final Map<String, CountDownLatch[]> holds = new ConcurrentHashMap<>();
        /** The revisions whose routes are in "Camel": workflow id and revision number. */
        private final List<String> loaded = new CopyOnWriteArrayList<>();

        Routes() {
            super(null);
        }

        void refuse(String workflowId, RuntimeException refusal) {
            refusals.put(workflowId, refusal);
        }

        /** The next loads of the workflow wait for {@link #release}; the latch counts down once one has begun. */
        CountDownLatch hold(String workflowId) {
            CountDownLatch[] latches = {new CountDownLatch(1), new CountDownLatch(1)};
            holds.put(workflowId, latches);
            return latches[0];
        }

        void release(String workflowId) {
            holds.remove(workflowId)[1].countDown();
        }

        @Override
        void load(CompiledWorkflow compiled) {
            RuntimeException refusal = refusals.get(compiled.workflowId());
            if (refusal != null) {
                throw refusal;
            }
            loaded.add(compiled.workflowId() + ".r" + compiled.revision());
            CountDownLatch[] latches = holds.get(compiled.workflowId());
            if (latches != null) {
                latches[0].countDown();
                try {
                    latches[1].await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        void unload(CompiledWorkflow compiled) {
            loaded.remove(compiled.workflowId() + ".r" + compiled.revision());
        }
    }

    /** The revisions table in memory; each change's event committed with it. */
    private static final class MemoryStore implements DefinitionStore {

        private final Map<String, TreeMap<Integer, StoredRevision>> revisions = new ConcurrentHashMap<>();
        private final Map<String, Integer> removals = new ConcurrentHashMap<>();

        private volatile RuntimeException failure;

        /** The next saves fail with this, as a database that is down or refuses the row would. */
        void fail(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public synchronized void save(StoredRevision revision, ReportedEvent deployed) {
            if (failure != null) {
                throw failure;
            }
            revisions.computeIfAbsent(revision.workflowId(), id -> new TreeMap<>()).put(revision.revision(), revision);
            commit(deployed);
        }

        @Override
        public synchronized List<StoredRevision> latestRevisions() {
            List<StoredRevision> latest = new ArrayList<>();
            revisions.forEach((id, stored) -> {
                if (!isRemoved(id)) {
                    latest.add(stored.lastEntry().getValue());
                }
            });
            return latest;
        }

        @Override
        public synchronized Map<String, Integer> currentRevisionNumbers() {
            Map<String, Integer> numbers = new TreeMap<>();
            latestRevisions().forEach(revision -> numbers.put(revision.workflowId(), revision.revision()));
            return numbers;
        }

        @Override
        public synchronized Optional<StoredRevision> find(String workflowId, int revision) {
            return Optional.ofNullable(revisions.getOrDefault(workflowId, new TreeMap<>()).get(revision));
        }

        @Override
        public synchronized List<StoredRevision> revisionsOf(String workflowId) {
            return List.copyOf(revisions.getOrDefault(workflowId, new TreeMap<>()).values());
        }

        @Override
        public synchronized OptionalInt lastRevision(String workflowId) {
            TreeMap<Integer, StoredRevision> stored = revisions.get(workflowId);
            return stored == null ? OptionalInt.empty() : OptionalInt.of(stored.lastKey());
        }

        @Override
        public synchronized void markRemoved(String workflowId, int revision, Instant removedAt, ReportedEvent undeployed) {
            removals.put(workflowId, revision);
            commit(undeployed);
        }

        @Override
        public synchronized boolean isRemoved(String workflowId) {
            OptionalInt last = lastRevision(workflowId);
            return last.isPresent() && removals.getOrDefault(workflowId, 0) == last.getAsInt();
        }

        private static void commit(ReportedEvent event) {
            event.chain(CompletableFuture.completedFuture(
                    new Event(0, event.type(), event.time(), event.correlationId(), event.data())));
        }
    }

    /** Events stored at once, their types kept. */
    private static final class Events implements EventStore {

        private final List<String> types = new CopyOnWriteArrayList<>();

        @Override
        public <R> CompletableFuture<R> append(String type, Instant time, String correlationId, Map<String, Object> data,
                Function<CompletableFuture<Event>, CompletableFuture<R>> whenStored) {
            types.add(type);
            return whenStored.apply(CompletableFuture.completedFuture(new Event(types.size(), type, time, correlationId, data)));
        }

        @Override
        public List<Event> query(long after, String type, String correlationId, int limit) {
            return List.of();
        }
    }
}
