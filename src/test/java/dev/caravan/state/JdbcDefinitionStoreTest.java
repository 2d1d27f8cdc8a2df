package dev.caravan.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.event.Event;
import dev.caravan.event.ReportedEvent;
import dev.caravan.run.DefinitionStore.StoredRevision;
import dev.caravan.testing.TestDatabases;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DuplicateKeyException;

/**
 * Stored revisions on both databases: verbatim text back, the latest per workflow, never
 * overwritten; removals of undeployed workflows.
 */
class JdbcDefinitionStoreTest {

    @RegisterExtension
    final EventFixtures fixtures = new EventFixtures();
    private EventFixture events;

    private JdbcDefinitionStore store(DataSource dataSource) {
        events = fixtures.over(dataSource);
        return new JdbcDefinitionStore(events.jdbc, events.store);
    }

    private ReportedEvent deployed(String workflowId) {
        return events.report("workflow.deployed", workflowId, Map.of("workflow", workflowId));
    }

    static Stream<Arguments> databases() throws Exception {
        return Stream.of(Arguments.of("postgresql", TestDatabases.postgres()), Arguments.of("h2", TestDatabases.h2()));
    }

    private static StoredRevision revision(String id, int number, String text) {
        return new StoredRevision(id, number, "1.0." + number, "Name", id + ".yml", text, "sha256:" + number,
                Instant.parse("2026-11-21T10:00:00Z").plusSeconds(number));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void revisionsAreKeptVerbatimAndTheLatestOfEachIsFound(String name, DataSource dataSource) {
        JdbcDefinitionStore store = store(dataSource);
        String text = "name: Build  # a comment, kept\nsteps:\n  - { agent: agent6, action: scaffold_project }\n";
        store.save(revision("build", 1, text), deployed("build"));
        store.save(revision("build", 2, text + "description: two\n"), deployed("build"));
        store.save(revision("monitor", 1, "name: Monitor\n"), deployed("monitor"));

        assertThat(store.latestRevisions()).extracting(StoredRevision::workflowId, StoredRevision::revision)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("build", 2), org.assertj.core.groups.Tuple.tuple("monitor", 1));
        assertThat(store.find("build", 1).orElseThrow()).isEqualTo(revision("build", 1, text));
        assertThat(store.revisionsOf("build")).extracting(StoredRevision::revision).containsExactly(1, 2);
        assertThat(store.find("build", 3)).isEmpty();
        assertThatThrownBy(() -> store.save(revision("build", 2, "other"), deployed("build")))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(events.storedOf("build")).as("one event per revision saved, none for the refused one")
                .extracting(Event::type).containsExactly("workflow.deployed", "workflow.deployed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRemovedWorkflowIsLeftOutUntilANewerRevisionIsSavedAndItsNumbersGoOn(String name, DataSource dataSource) {
        JdbcDefinitionStore store = store(dataSource);
        store.save(revision("build", 1, "one"), deployed("build"));
        store.save(revision("build", 2, "two"), deployed("build"));
        store.save(revision("monitor", 1, "name: Monitor\n"), deployed("monitor"));

        store.markRemoved("build", 2, Instant.parse("2026-11-21T11:00:00Z"),
                events.report("workflow.undeployed", "build", Map.of()));

        assertThat(store.isRemoved("build")).isTrue();
        assertThat(store.isRemoved("monitor")).isFalse();
        assertThat(store.isRemoved("never-deployed")).isFalse();
        assertThat(store.latestRevisions()).extracting(StoredRevision::workflowId).containsExactly("monitor");
        assertThat(store.currentRevisionNumbers()).as("what other nodes catch up with").containsExactly(
                java.util.Map.entry("monitor", 1));
        assertThat(store.lastRevision("build")).hasValue(2);
        assertThat(store.lastRevision("never-deployed")).isEmpty();
        assertThat(store.find("build", 2)).as("a removed revision stays readable for its runs").isPresent();

        store.save(revision("build", 3, "three"), deployed("build"));

        assertThat(store.isRemoved("build")).isFalse();
        assertThat(store.latestRevisions()).extracting(StoredRevision::workflowId, StoredRevision::revision)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("build", 3), org.assertj.core.groups.Tuple.tuple("monitor", 1));
        assertThat(store.currentRevisionNumbers()).containsOnly(java.util.Map.entry("build", 3),
                java.util.Map.entry("monitor", 1));
    }
}
