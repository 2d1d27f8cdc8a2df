package dev.caravan.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.definition.AgentCatalog;
import dev.caravan.definition.WorkflowDefinition;
import dev.caravan.definition.WorkflowParser;
import dev.caravan.expression.ExpressionEvaluator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Camel YAML compiled from each seed workflow is kept as a golden file: a change to the
 * translator shows up as a readable diff of the routes users see in Hawtio and at the API.
 * Regenerate after an intended change with {@code -Dcaravan.golden.update=true}.
 */
class GoldenRoutesTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private final WorkflowParser parser = new WorkflowParser(AgentCatalog.ANY, new ExpressionEvaluator());
    private final WorkflowCompiler compiler = new WorkflowCompiler();

    @ParameterizedTest
    @ValueSource(strings = {"build-project", "complete-project-build", "continuous-monitoring",
            "data-processing-pipeline"})
    void seedWorkflowsCompileToTheRoutesOnFile(String workflow) throws IOException {
        Path source = Path.of("workflows", workflow + ".yml");
        WorkflowDefinition definition = parser.parse(source.getFileName().toString(), Files.readString(source));

        String routes = compiler.compile(definition, 1).routesYaml();

        Path golden = GOLDEN.resolve(workflow + ".camel.yaml");
        if (Boolean.getBoolean("caravan.golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, routes);
        }
        assertThat(golden).as("golden file; regenerate with -Dcaravan.golden.update=true").exists();
        assertThat(routes).isEqualTo(Files.readString(golden));
    }
}
