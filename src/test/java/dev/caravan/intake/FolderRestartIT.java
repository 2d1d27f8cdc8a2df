package dev.caravan.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.CaravanApplication;
import dev.caravan.testing.StubAgent;
import dev.caravan.testing.TestDatabases;
import dev.caravan.testing.TestHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Caravan stopped, the folder changed while it was down, and Caravan started again on the same
 * database and folder. The folder is the truth for the workflows that came from it: a file deleted
 * meanwhile undeploys its workflow at start-up, as it would have live; a file renamed keeps its
 * workflow; an unchanged file changes nothing. A workflow undeployed through the API stays
 * undeployed, even with its file still there, until that file changes; one deployed through the
 * API is not tied to any file.
 */
class FolderRestartIT {

    private static final StubAgent STUB = new StubAgent();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "folder-restart";

    @TempDir
    private Path folder;

    @TempDir
    private Path scratch;

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    @Test
    void whatChangedInTheFolderWhileCaravanWasDownIsTakenAtStartUp() throws Exception {
        List<String> settings = settings();
        write("kept.yml", workflow("folder-kept"));
        write("gone.yml", workflow("folder-gone"));
        write("renamed-before.yml", workflow("folder-renamed"));
        write("api-removed.yml", workflow("folder-api-removed"));
        try (Caravan first = Caravan.start(settings)) {
            assertThat(first.revision("folder-gone")).hasValue(1);
            assertThat(first.post("/api/definitions?name=api-only.yml", "application/yaml", workflow("folder-api-only"))
                    .statusCode()).isEqualTo(201);
            assertThat(first.delete("/api/definitions/folder-api-removed").statusCode()).isEqualTo(204);
        }

        Files.delete(folder.resolve("gone.yml"));
        Files.move(folder.resolve("renamed-before.yml"), folder.resolve("renamed-after.yml"));
        write("shared-b.yml", workflow("folder-shared"));
        write("shared-a.yml", workflow("folder-shared"));

        try (Caravan second = Caravan.start(settings)) {
            assertThat(second.revision("folder-kept")).hasValue(1);
            assertThat(second.events("workflow.deployed", "folder-kept")).hasSize(1);
            assertThat(second.revision("folder-gone")).isEmpty();
            assertThat(second.events("workflow.undeployed", "folder-gone")).hasSize(1);
            assertThat(second.revision("folder-renamed")).hasValue(1);
            assertThat(second.events("workflow.undeployed", "folder-renamed")).isEmpty();
            assertThat(second.revision("folder-api-removed")).as("undeployed through the API").isEmpty();
            assertThat(second.revision("folder-api-only")).as("not tied to any file").hasValue(1);
            assertThat(second.definition("folder-shared").get("sourceName").asText()).isEqualTo("shared-a.yml");
            assertThat(Files.readString(folder.resolve("shared-b.yml.errors"))).contains("already declared by shared-a.yml");

            write("api-removed.yml", workflow("folder-api-removed") + "description: changed after the undeploy\n");

            await().atMost(Duration.ofSeconds(20)).until(() -> second.revision("folder-api-removed").isPresent());
            assertThat(second.revision("folder-api-removed")).hasValue(2);
        }
    }

    private List<String> settings() throws IOException {
        List<String> settings = new ArrayList<>(List.of(
                "--server.port=0",
                "--caravan.security.admin-password=" + PASSWORD,
                "--caravan.workflows.dir=" + folder,
                "--caravan.workflows.quiet-period=200ms",
                "--caravan.data-dir=" + scratch.resolve("data"),
                "--caravan.agents.file=" + agents(),
                "--spring.datasource.password="));
        if ("h2".equals(System.getProperty("caravan.it.database"))) {
            settings.add("--spring.datasource.url=jdbc:h2:file:" + scratch.resolve("caravan") + ";DB_CLOSE_ON_EXIT=FALSE");
            settings.add("--spring.datasource.username=sa");
        } else {
            String schema = TestDatabases.freshSchema();
            settings.add("--spring.datasource.url=" + TestDatabases.postgresUrl(schema));
            settings.add("--spring.datasource.username=" + TestDatabases.POSTGRES_USER);
            settings.add("--spring.flyway.schemas=" + schema);
        }
        return settings;
    }

    private Path agents() throws IOException {
        Path agents = scratch.resolve("agents.yml");
        Files.writeString(agents, """
                agents:
                  - id: flow
                    name: Stub
                    tier: platform
                    instances: [ "http://127.0.0.1:%d/flow" ]
                """.formatted(STUB.port()));
        return agents;
    }

    private static String workflow(String id) {
        return "id: " + id + "\nname: " + id + "\nsteps:\n  - { agent: flow, action: work }\n";
    }

    private void write(String fileName, String text) throws IOException {
        Files.writeString(folder.resolve(fileName), text);
    }

    /** One Caravan, started as its main class starts it, and reached over HTTP. */
    private record Caravan(ConfigurableApplicationContext context, int port) implements AutoCloseable {

        static Caravan start(List<String> settings) {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(CaravanApplication.class)
                    .run(settings.toArray(String[]::new));
            return new Caravan(context, ((ServletWebServerApplicationContext) context).getWebServer().getPort());
        }

        OptionalInt revision(String workflowId) {
            HttpResponse<String> response = get("/api/definitions/" + workflowId);
            return response.statusCode() == 200 ? OptionalInt.of(json(response).get("revision").asInt()) : OptionalInt.empty();
        }

        JsonNode definition(String workflowId) {
            return json(get("/api/definitions/" + workflowId));
        }

        List<JsonNode> events(String type, String correlationId) {
            List<JsonNode> found = new ArrayList<>();
            json(get("/api/events?type=" + type + "&correlationId=" + correlationId + "&limit=1000")).get("events")
                    .forEach(found::add);
            return found;
        }

        HttpResponse<String> get(String path) {
            return TestHttp.send(request(path).GET().build());
        }

        HttpResponse<String> post(String path, String contentType, String body) {
            return TestHttp.send(request(path).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        HttpResponse<String> delete(String path) {
            return TestHttp.send(request(path).DELETE().build());
        }

        private HttpRequest.Builder request(String path) {
            return TestHttp.asAdmin(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)), PASSWORD);
        }

        private static JsonNode json(HttpResponse<String> response) {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
