package dev.caravan.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.testing.CaravanIntegrationTest;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The routes as Hawtio reads them for its route diagram: the XML of Camel's
 * {@code dumpRoutesAsXml}, through Jolokia, as the admin. Hawtio 5.2 draws a route's first
 * children as nodes, and an {@code errorHandler} written in a route comes first, before its
 * {@code from}: it becomes a node linked from no node, the drawing fails ("An error occurred during
 * drawing of the diagram"), and every diagram drawn after it in that page fails as well (checked in
 * Chromium, session 17). Caravan's error handlers are route configurations
 * (routes/error-handlers.yaml), which the dump leaves out.
 */
class HawtioRoutesIT extends CaravanIntegrationTest {

    @Autowired
    private CamelContext camel;

    @Test
    void noRouteCarriesAnErrorHandlerOfItsOwnForHawtiosDiagramToTripOn() throws Exception {
        run("build-project", Map.of());

        List<Element> routes = dumpedRoutes();

        assertThat(routes).extracting(route -> route.getAttribute("id"))
                .contains("build-project.r1", "build-project.r1.scaffold.call", "build-project.r1.scaffold.attempt",
                        "build-project.r1.on-failure", "caravan.agent.agent1", "caravan.capability",
                        "caravan.cluster.definitions-sync", "caravan.api.execute");
        List<String> withOwnErrorHandler = new ArrayList<>();
        for (Element route : routes) {
            if (!children(route, "errorHandler").isEmpty()) {
                withOwnErrorHandler.add(route.getAttribute("id"));
            }
        }
        assertThat(withOwnErrorHandler).as("routes dumped with an errorHandler element").isEmpty();
    }

    @Test
    void theErrorHandlersAreTheRouteConfigurationsTheRoutesName() throws Exception {
        run("build-project", Map.of());

        Map<String, String> configurations = new HashMap<>();
        for (Element route : dumpedRoutes()) {
            configurations.put(route.getAttribute("id"), route.getAttribute("routeConfigurationId"));
        }

        assertThat(configurations).containsEntry("build-project.r1", "caravan-no-error-handler")
                .containsEntry("build-project.r1.on-failure", "caravan-no-error-handler")
                .containsEntry("build-project.r1.scaffold.call", "caravan-step-call")
                .containsEntry("build-project.r1.scaffold.attempt", "caravan-step-attempt")
                .containsEntry("caravan.agent.agent1", "caravan-no-error-handler");
        assertThat(camel.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteConfigurationDefinitions()).extracting(RouteConfigurationDefinition::getId)
                .contains("caravan-no-error-handler", "caravan-step-call", "caravan-step-attempt");
    }

    /** The routes as Hawtio's diagram reads them. */
    private List<Element> dumpedRoutes() throws Exception {
        HttpResponse<String> dump = get("/actuator/hawtio/jolokia/exec/org.apache.camel:context="
                + camel.getManagementName() + ",type=context,name=%22" + camel.getName() + "%22/dumpRoutesAsXml()");
        assertThat(dump.statusCode()).as(dump.body()).isEqualTo(200);
        String xml = json(dump).get("value").asText();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        return children(document.getDocumentElement(), "route");
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }
}
