package dev.caravan.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.compile.WorkflowCompiler;
import dev.caravan.definition.AgentCatalog;
import dev.caravan.definition.WorkflowParser;
import dev.caravan.expression.ExpressionEvaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trigger routes from the real template in a real Camel context: one route per trigger of the
 * current revision, replaced by the next revision's, gone with the workflow; each message reaches
 * the trigger bean with the workflow and trigger it came from.
 */
class TriggerRoutesTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final WorkflowParser parser = new WorkflowParser(AgentCatalog.ANY, new ExpressionEvaluator(), uri -> List.of());
    private final WorkflowCompiler compiler = new WorkflowCompiler();
    private TriggerRoutes routes;

    @TempDir
    Path root;

    /** Stands in for {@code caravanTriggers}: records what each message was for. */
    public final class Recorder {
        public void start(Exchange exchange, String workflowId, String triggerId) {
            received.add(workflowId + "/" + triggerId + " via " + exchange.getFromRouteId());
        }
    }

    @BeforeEach
    void startCamel() throws Exception {
        camel.getRegistry().bind("caravanTriggers", new Recorder());
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("trigger.yaml",
                Files.readString(Path.of("routes/templates/trigger.yaml"))));
        camel.start();
        routes = routes(true);
    }

    @AfterEach
    void stopCamel() throws Exception {
        camel.close();
    }

    private TriggerRoutes routes(boolean enabled) {
        TriggerProperties settings = new TriggerProperties(List.of("timer"), root, enabled);
        CamelUriCheck check = new CamelUriCheck(camel);
        return new TriggerRoutes(camel, new TriggerEndpoints(new TriggerUriPolicy(settings, check, false), check), settings);
    }

    private CompiledWorkflow revision(int revision, String... uris) {
        StringBuilder text = new StringBuilder("id: ticking\nname: Ticking\ntriggers:\n");
        for (String uri : uris) {
            text.append("  - uri: \"").append(uri).append("\"\n");
        }
        text.append("steps:\n  - { agent: agent1, action: noop }\n");
        return compiler.compile(parser.parse("ticking.yml", text.toString()), revision);
    }

    private List<String> triggerRoutes() {
        return camel.getRoutes().stream().map(Route::getRouteId).filter(id -> id.contains(".trigger.")).sorted().toList();
    }

    @Test
    void eachTriggerOfTheCurrentRevisionIsARouteWhoseMessagesReachTheTriggerBean() {
        routes.currentRevision(revision(1, "timer:a?period=50", "timer:b?period=50"), true);

        assertThat(triggerRoutes()).containsExactly("ticking.trigger.1", "ticking.trigger.2");
        await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("ticking/1 via ticking.trigger.1")
                && received.contains("ticking/2 via ticking.trigger.2"));
    }

    @Test
    void theNextRevisionReplacesTheTriggerRoutesAndRemovingTheWorkflowRemovesThem() {
        routes.currentRevision(revision(1, "timer:a?period=60000", "timer:b?period=60000"), true);

        routes.currentRevision(revision(2, "timer:c?period=60000"), true);

        assertThat(triggerRoutes()).containsExactly("ticking.trigger.1");
        assertThat(camel.getRoute("ticking.trigger.1").getEndpoint().getEndpointUri()).contains("timer://c");

        routes.workflowRemoved("ticking");

        assertThat(triggerRoutes()).isEmpty();
    }

    @Test
    void aNodeThatDoesNotRunTriggersStartsNoRoute() {
        routes(false).currentRevision(revision(1, "timer:a?period=50"), true);

        assertThat(triggerRoutes()).isEmpty();
    }
}
