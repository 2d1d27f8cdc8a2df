package dev.caravan.definition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowSchemaTest {

    private static final String REGENERATE = "docs/workflow.schema.json differs from what WorkflowSchema builds; regenerate it with "
            + "./mvnw -o -q compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.mainClass=dev.caravan.definition.WorkflowSchema "
            + "(or run WorkflowSchema.main from the project root)";

    @Test
    void committedSchemaIsWhatTheCodeBuilds() throws IOException {
        String committed = Files.readString(WorkflowSchema.COMMITTED_FILE, StandardCharsets.UTF_8);

        assertThat(committed).as(REGENERATE).isEqualTo(WorkflowSchema.json());
        assertThat(committed).endsWith("}\n");
    }

    @Test
    void schemaIsAValidDraft2020Schema() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(WorkflowSchema.json());
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

        assertThat(factory.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema")).validate(schema)).isEmpty();
    }

    @Test
    void everyPropertyHasTitleAndDescriptionForEditors() {
        List<String> undocumented = new ArrayList<>();
        walkProperties(WorkflowSchema.tree(), "", (path, property) -> {
            if (!property.hasNonNull("title") || !property.hasNonNull("description")) {
                undocumented.add(path);
            }
        });

        assertThat(undocumented).isEmpty();
    }

    @Test
    void everyFixedShapeRefusesUnknownKeys() {
        List<String> open = new ArrayList<>();
        collectOpenObjects(WorkflowSchema.tree(), "", open);

        assertThat(open).isEmpty();
    }

    private interface PropertyVisitor {
        void visit(String path, JsonNode property);
    }

    private static void walkProperties(JsonNode node, String path, PropertyVisitor visitor) {
        node.properties().forEach(entry -> {
            if (entry.getKey().equals("properties")) {
                entry.getValue().properties().forEach(property -> visitor.visit(path + "/" + property.getKey(), property.getValue()));
            }
            if (entry.getValue().isObject()) {
                walkProperties(entry.getValue(), path + "/" + entry.getKey(), visitor);
            }
        });
    }

    private static void collectOpenObjects(JsonNode node, String path, List<String> open) {
        if (node.has("properties") && !node.path("additionalProperties").isBoolean()) {
            open.add(path);
        }
        node.properties().forEach(entry -> {
            if (entry.getValue().isObject()) {
                collectOpenObjects(entry.getValue(), path + "/" + entry.getKey(), open);
            }
        });
    }
}
