package dev.caravan.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.run.WorkflowLifecycle;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.StubAgent.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The watched folder, live: Caravan on a folder of its own, with files written, rewritten, broken,
 * fixed and deleted as a person or a tool would, and what the API, the events and the folder
 * itself then show. The quiet period is 1s here, so that the pauses of the test's slow writer
 * (50ms) never pass for a finished file on a busy machine.
 */
class WatchedFolderIT extends CaravanIntegrationTest {

    private static final Path FOLDER = newFolder();
    private static final Duration SEEN = Duration.ofSeconds(20);

    @Autowired
    private RemovedWorkflows removed;

    @Autowired
    private CamelContext camel;

    @DynamicPropertySource
    static void watchedFolder(DynamicPropertyRegistry registry) {
        registry.add("caravan.workflows.dir", FOLDER::toString);
        registry.add("caravan.workflows.quiet-period", () -> "1s");
    }

    @TestConfiguration
    static class Lifecycle {

        @Bean
        RemovedWorkflows removedWorkflows() {
            return new RemovedWorkflows();
        }
    }

    /** What a schedule would be told: the workflows removed. */
    static final class RemovedWorkflows implements WorkflowLifecycle {

        final List<String> ids = new CopyOnWriteArrayList<>();

        @Override
        public void workflowRemoved(String workflowId) {
            ids.add(workflowId);
        }
    }

    @Test
    void aNewFileIsDeployedAndRuns() {
        write("new-file.yml", workflow("folder-new", "new_one"));

        await().atMost(SEEN).until(() -> revision("folder-new").isPresent());

        assertThat(revision("folder-new")).hasValue(1);
        assertThat(json(get("/api/definitions/folder-new")).get("sourceName").asText()).isEqualTo("new-file.yml");
        JsonNode result = run("folder-new", Map.of());
        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(STUB.requests("flow", "new_one")).hasSize(1);
    }

    @Test
    void aChangedFileDeploysANewRevisionThatNewRunsTake() {
        write("changed.yml", workflow("folder-changed", "changed_v1"));
        await().atMost(SEEN).until(() -> revision("folder-changed").isPresent());

        write("changed.yml", workflow("folder-changed", "changed_v2"));

        await().atMost(SEEN).until(() -> revision("folder-changed").equals(OptionalInt.of(2)));
        JsonNode result = run("folder-changed", Map.of());
        assertThat(result.get("revision").asInt()).isEqualTo(2);
        assertThat(STUB.requests("flow", "changed_v2")).hasSize(1);
        assertThat(STUB.requests("flow", "changed_v1")).isEmpty();
    }

    @Test
    void theSameContentWrittenAgainChangesNothing() {
        String text = workflow("folder-same", "same_one");
        write("same-a.yml", text);
        await().atMost(SEEN).until(() -> revision("folder-same").isPresent());

        write("same-a.yml", text);
        // files are read in name order: once same-z.yml is deployed, the rewrite has been read too
        write("same-z.yml", workflow("folder-same-sentinel", "same_sentinel"));
        await().atMost(SEEN).until(() -> revision("folder-same-sentinel").isPresent());

        assertThat(revision("folder-same")).hasValue(1);
        assertThat(events("workflow.deployed", "folder-same")).hasSize(1);
        assertThat(report("same-a.yml")).doesNotExist();
    }

    @Test
    void aDeletedFileUndeploysItsWorkflowWhileItsRunInFlightFinishesOnItsRevision() throws IOException {
        STUB.always("flow", "deleted_slow", Reply.success(Map.of("done", true)).after(Duration.ofMillis(1500)));
        write("deleted.yml", workflow("folder-deleted", "deleted_slow"));
        await().atMost(SEEN).until(() -> revision("folder-deleted").isPresent());
        String inFlight = json(post("/api/workflows/execute", "application/json", "{\"workflow\": \"folder-deleted\"}"))
                .get("workflowId").asText();
        await().atMost(SEEN).until(() -> !STUB.requests("flow", "deleted_slow").isEmpty());

        Files.delete(FOLDER.resolve("deleted.yml"));

        await().atMost(SEEN).until(() -> revision("folder-deleted").isEmpty());
        HttpResponse<String> refused = post("/api/workflows/execute", "application/json", "{\"workflow\": \"folder-deleted\"}");
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(refused).get("detail").asText()).isEqualTo("no workflow 'folder-deleted' is deployed");
        await().atMost(SEEN).untilAsserted(() -> {
            assertThat(removed.ids).contains("folder-deleted");
            assertThat(events("workflow.undeployed", "folder-deleted")).singleElement()
                    .satisfies(event -> assertThat(event.get("data").get("revision").asInt()).isEqualTo(1));
        });
        await().atMost(SEEN).untilAsserted(() -> {
            JsonNode run = json(get("/api/workflows/" + inFlight));
            assertThat(run.get("status").asText()).isEqualTo("success");
            assertThat(run.get("revision").asInt()).isEqualTo(1);
        });
        await().atMost(SEEN).until(() -> camel.getRoute("folder-deleted.r1") == null);
    }

    @Test
    void aHalfWrittenFileIsNotReadUntilItIsComplete() {
        Path file = FOLDER.resolve("half-written.yml");
        // a slow writer: the start of the file alone is no valid workflow (it has no steps yet)
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write("id: folder-half-written\nname: Half written\n".getBytes(StandardCharsets.UTF_8));
                long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                for (int chunk = 0; System.nanoTime() < end; chunk++) {
                    Thread.sleep(50);
                    out.write(("# still writing, chunk " + chunk + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write("steps:\n  - { agent: flow, action: half_written }\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        // for two of the writer's three seconds (then the quiet period): neither deployed nor reported
        await().during(Duration.ofSeconds(2)).atMost(SEEN)
                .until(() -> revision("folder-half-written").isEmpty() && !Files.exists(report("half-written.yml")));
        writer.join();

        await().atMost(SEEN).until(() -> revision("folder-half-written").isPresent());
        assertThat(revision("folder-half-written")).hasValue(1);
        assertThat(report("half-written.yml")).doesNotExist();
        assertThat(events("workflow.rejected", "half-written.yml")).isEmpty();
    }

    @Test
    void aFileRenamedIntoTheFolderIsReadWholeAndAHiddenOneNever() throws IOException {
        Path hidden = FOLDER.resolve(".renamed.yml");
        Files.writeString(hidden, "id: folder-renamed\nname: Renamed\n");
        // a poll that sees the hidden file has passed once the sentinel is deployed
        write("renamed-sentinel.yml", workflow("folder-renamed-sentinel", "renamed_sentinel"));
        await().atMost(SEEN).until(() -> revision("folder-renamed-sentinel").isPresent());
        assertThat(revision("folder-renamed")).isEmpty();
        assertThat(report(".renamed.yml")).doesNotExist();

        Files.writeString(hidden, "steps:\n  - { agent: flow, action: renamed }\n", java.nio.file.StandardOpenOption.APPEND);
        Files.move(hidden, FOLDER.resolve("renamed.yml"), StandardCopyOption.ATOMIC_MOVE);

        await().atMost(SEEN).until(() -> revision("folder-renamed").isPresent());
        assertThat(revision("folder-renamed")).hasValue(1);
        assertThat(events("workflow.rejected", "renamed.yml")).isEmpty();
    }

    @Test
    void aBadFileIsReportedLeftAsItIsAndTheLastGoodRevisionKeepsRunning() throws IOException {
        write("bad.yml", workflow("folder-bad", "bad_good_v1"));
        await().atMost(SEEN).until(() -> revision("folder-bad").isPresent());
        String bad = """
                id: folder-bad
                name: Bad
                steps:
                  - id: work
                    agnet: flow
                    action: bad_v2
                """;

        write("bad.yml", bad);

        await().atMost(SEEN).until(() -> Files.exists(report("bad.yml")));
        List<String> errors = Files.readAllLines(report("bad.yml")).stream().filter(line -> !line.startsWith("#")).toList();
        assertThat(errors).contains(
                "bad.yml:5:5: steps[0].agnet: unknown key 'agnet' (did you mean 'agent'?)");
        assertThat(FOLDER.resolve("bad.yml")).content().isEqualTo(bad);
        assertThat(events("workflow.rejected", "bad.yml")).singleElement()
                .satisfies(event -> assertThat(event.get("data").get("errors").toString()).contains("bad.yml:5:5"));
        assertThat(revision("folder-bad")).hasValue(1);
        JsonNode result = run("folder-bad", Map.of());
        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(result.get("revision").asInt()).isEqualTo(1);
        assertThat(STUB.requests("flow", "bad_good_v1")).hasSize(1);
        assertThat(STUB.requests("flow", "bad_v2")).isEmpty();
    }

    /** The file is read no further than one byte past the limit, and reported as a bad file is. */
    @Test
    void aFileOverTheSizeLimitIsReportedWithoutBeingDeployed() throws IOException {
        String text = workflow("folder-large", "large_v1");
        // 128 KB in these tests (CaravanIntegrationTest)
        write("large.yml", text + "#".repeat(128 * 1024 + 1 - text.length()));

        await().atMost(SEEN).until(() -> Files.exists(report("large.yml")));
        List<String> errors = Files.readAllLines(report("large.yml")).stream().filter(line -> !line.startsWith("#")).toList();
        assertThat(errors).containsExactly("large.yml:1:1: the workflow is larger than 128 KB, the most Caravan takes "
                + "(caravan.workflows.max-source-size)");
        assertThat(events("workflow.rejected", "large.yml")).hasSize(1);
        assertThat(revision("folder-large")).isEmpty();

        write("large.yml", text);
        await().atMost(SEEN).until(() -> revision("folder-large").isPresent() && !Files.exists(report("large.yml")));
    }

    /** Its name goes where a source name goes: into the rejection's correlation id, a column of 200. */
    @Test
    void aFileWithANameOverTheLimitIsReportedWithoutBeingDeployed() throws IOException {
        String name = "n".repeat(197) + ".yml";
        write(name, workflow("folder-long-name", "long_name_v1"));

        await().atMost(SEEN).until(() -> Files.exists(report(name)));
        List<String> errors = Files.readAllLines(report(name)).stream().filter(line -> !line.startsWith("#")).toList();
        assertThat(errors).containsExactly(name + ":1:1: the file name has 201 characters; Caravan takes workflow files "
                + "whose names have at most 200");
        assertThat(revision("folder-long-name")).isEmpty();
    }

    @Test
    void aFixedFileDeploysAndItsReportGoes() {
        write("fixed.yml", workflow("folder-fixed", "fixed_v1"));
        await().atMost(SEEN).until(() -> revision("folder-fixed").isPresent());
        write("fixed.yml", workflow("folder-fixed", "fixed_v1").replace("agent:", "agnet:"));
        await().atMost(SEEN).until(() -> Files.exists(report("fixed.yml")));

        write("fixed.yml", workflow("folder-fixed", "fixed_v2"));

        await().atMost(SEEN).until(() -> revision("folder-fixed").equals(OptionalInt.of(2))
                && !Files.exists(report("fixed.yml")));
        assertThat(run("folder-fixed", Map.of()).get("revision").asInt()).isEqualTo(2);
        assertThat(STUB.requests("flow", "fixed_v2")).hasSize(1);
    }

    @Test
    void aSecondFileWithTheSameIdIsRejectedNamingTheFirstAndTakesOverWhenTheFirstGoes() throws IOException {
        write("dup-a.yml", workflow("folder-duplicate", "dup_a"));
        await().atMost(SEEN).until(() -> revision("folder-duplicate").isPresent());

        write("dup-b.yml", workflow("folder-duplicate", "dup_b"));

        await().atMost(SEEN).until(() -> Files.exists(report("dup-b.yml")));
        assertThat(Files.readAllLines(report("dup-b.yml"))).contains("dup-b.yml:1:5: id: workflow id 'folder-duplicate' "
                + "is already declared by dup-a.yml, which keeps it: give this workflow another id, or take it out of dup-a.yml");
        // the report is written, then the event published: the event may come a moment later
        await().atMost(SEEN).until(() -> events("workflow.rejected", "dup-b.yml").size() == 1);
        assertThat(revision("folder-duplicate")).hasValue(1);
        assertThat(json(get("/api/definitions/folder-duplicate")).get("sourceName").asText()).isEqualTo("dup-a.yml");

        Files.delete(FOLDER.resolve("dup-a.yml"));

        await().atMost(SEEN).until(() -> revision("folder-duplicate").equals(OptionalInt.of(2))
                && !Files.exists(report("dup-b.yml")));
        assertThat(json(get("/api/definitions/folder-duplicate")).get("sourceName").asText()).isEqualTo("dup-b.yml");
        assertThat(events("workflow.undeployed", "folder-duplicate")).as("taken over without a gap").isEmpty();
    }

    @Test
    void aFileThatNowDeclaresAnotherIdUndeploysTheOneItDeclaredBefore() {
        write("moving.yml", workflow("folder-moving-a", "moving"));
        await().atMost(SEEN).until(() -> revision("folder-moving-a").isPresent());

        write("moving.yml", workflow("folder-moving-b", "moving"));

        await().atMost(SEEN).until(() -> revision("folder-moving-b").isPresent());
        await().atMost(SEEN).untilAsserted(() -> {
            assertThat(revision("folder-moving-a")).isEmpty();
            assertThat(events("workflow.undeployed", "folder-moving-a")).hasSize(1);
        });
    }

    @Test
    void aFileRenamedWithinTheFolderKeepsItsWorkflow() throws IOException {
        write("rename-before.yml", workflow("folder-rename", "rename"));
        write("rename-witness.yml", workflow("folder-rename-witness", "rename_witness"));
        await().atMost(SEEN).until(() -> revision("folder-rename").isPresent() && revision("folder-rename-witness").isPresent());

        Files.move(FOLDER.resolve("rename-before.yml"), FOLDER.resolve("rename-after.yml"), StandardCopyOption.ATOMIC_MOVE);
        Files.delete(FOLDER.resolve("rename-witness.yml"));

        // the look at the folder that misses the witness misses the old name too, and saw the new one
        await().atMost(SEEN).until(() -> revision("folder-rename-witness").isEmpty());
        assertThat(revision("folder-rename")).hasValue(1);
        assertThat(events("workflow.undeployed", "folder-rename")).isEmpty();

        Files.delete(FOLDER.resolve("rename-after.yml"));

        await().atMost(SEEN).until(() -> revision("folder-rename").isEmpty());
    }

    @Test
    void aWorkflowRedeployedThroughTheApiNoLongerGoesWithItsFile() throws IOException {
        write("api-over.yml", workflow("folder-api-over", "api_over_file"));
        write("api-witness.yml", workflow("folder-api-witness", "api_witness"));
        await().atMost(SEEN).until(() -> revision("folder-api-over").isPresent() && revision("folder-api-witness").isPresent());
        deploy(workflow("folder-api-over", "api_over_request"));

        Files.delete(FOLDER.resolve("api-over.yml"));
        Files.delete(FOLDER.resolve("api-witness.yml"));

        // both deletions are seen by the same look at the folder, or that of api-over.yml before
        await().atMost(SEEN).until(() -> revision("folder-api-witness").isEmpty());
        assertThat(revision("folder-api-over")).hasValue(2);
    }

    private static String workflow(String id, String action) {
        return "id: " + id + "\nname: " + id + "\nsteps:\n  - { id: work, agent: flow, action: " + action + " }\n";
    }

    private static void write(String fileName, String text) {
        try {
            Files.writeString(FOLDER.resolve(fileName), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path report(String fileName) {
        return FOLDER.resolve(fileName + ".errors");
    }

    /** The workflow's current revision as the API shows it; empty while it is not deployed. */
    private OptionalInt revision(String workflowId) {
        HttpResponse<String> response = get("/api/definitions/" + workflowId);
        return response.statusCode() == 200 ? OptionalInt.of(json(response).get("revision").asInt()) : OptionalInt.empty();
    }

    private List<JsonNode> events(String type, String correlationId) {
        JsonNode page = json(get("/api/events?type=" + type + "&correlationId=" + correlationId + "&limit=1000"));
        List<JsonNode> found = new java.util.ArrayList<>();
        page.get("events").forEach(found::add);
        return found;
    }

    private static Path newFolder() {
        try {
            return Files.createTempDirectory("caravan-watched-folder");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
