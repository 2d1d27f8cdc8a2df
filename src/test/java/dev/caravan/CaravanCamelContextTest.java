package dev.caravan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.Navigate;
import org.apache.camel.Processor;
import org.apache.camel.Service;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.engine.RouteService;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.spring.boot.CamelSpringBootApplicationController;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

/**
 * How often adding and removing routes walks the routes already there: Camel walks every route
 * (its processors and services) in each call of {@code removeRoute}, and it calls that for routes
 * that do not exist when it adds a route and after it removed one. A processor of a route that
 * stays counts the walks: Camel asks it for its children ({@link Navigate#hasNext}) a few times in
 * each, as many times as in one walk of Camel's own ({@link RouteService#gatherEndpoints}).
 */
class CaravanCamelContextTest {

    private final GenericApplicationContext spring = new GenericApplicationContext();
    private final WalkCounter walks = new WalkCounter();
    private CaravanCamelContext camel;

    @BeforeEach
    void start() throws Exception {
        spring.refresh();
        camel = new CaravanCamelContext(spring, false, new CamelSpringBootApplicationController(spring));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:staying").routeId("staying").process(walks).to("direct:shared");
                from("direct:shared").routeId("shared").log("shared");
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        spring.close();
    }

    @Test
    void addingRoutesDoesNotWalkTheRoutesAlreadyThere() throws Exception {
        int before = walks.count();
        load("two.yaml", """
                - routeTemplate:
                    id: greeting
                    parameters:
                      - name: endpoint
                    route:
                      from:
                        uri: "direct:{{endpoint}}"
                        steps:
                          - setBody:
                              id: greet
                              constant: hello
                - templatedRoute:
                    routeTemplateRef: greeting
                    routeId: templated
                    prefixId: templated.
                    parameters:
                      - name: endpoint
                        value: templated
                - route:
                    id: plain
                    from:
                      uri: direct:plain
                      steps:
                        - to: direct:shared
                """);

        assertThat(walks.count()).isEqualTo(before);
        assertThat(camel.getRouteStatus("templated").isStarted()).isTrue();
        assertThat(camel.getRouteStatus("plain").isStarted()).isTrue();
        assertThat(camel.createProducerTemplate().requestBody("direct:templated", "", String.class)).isEqualTo("hello");
    }

    @Test
    void removingARouteWalksTheOthersOnceAndRemovesItsDefinitionAndItsOwnEndpoints() throws Exception {
        load("leaving.yaml", """
                - route:
                    id: leaving
                    from:
                      uri: direct:leaving
                      steps:
                        - to: direct:shared
                """);
        int before = walks.count();

        camel.getRouteController().stopRoute("leaving");
        assertThat(camel.removeRoute("leaving")).isTrue();

        assertThat(walks.count() - before).isEqualTo(oneWalk());
        assertThat(camel.getRoute("leaving")).isNull();
        assertThat(camel.getRouteDefinition("leaving")).isNull();
        assertThat(camel.hasEndpoint("direct://leaving")).isNull();
        assertThat(camel.hasEndpoint("direct://shared")).isNotNull();
        assertThat(camel.getRoutes()).extracting(route -> route.getRouteId()).containsExactly("staying", "shared");
    }

    @Test
    void removingARouteThatDoesNotExistWalksNothing() throws Exception {
        int before = walks.count();

        assertThat(camel.removeRoute("missing")).isFalse();

        assertThat(walks.count()).isEqualTo(before);
        assertThat(camel.getRoutes()).hasSize(2);
    }

    @Test
    void aRouteLoadedAgainUnderItsIdStillReplacesTheOldOne() throws Exception {
        load("first.yaml", "- route: { id: again, from: { uri: direct:first, steps: [ { setBody: { constant: one } } ] } }\n");
        load("second.yaml", "- route: { id: again, from: { uri: direct:second, steps: [ { setBody: { constant: two } } ] } }\n");

        assertThat(camel.getRoute("again").getEndpoint().getEndpointUri()).isEqualTo("direct://second");
        assertThat(((ModelCamelContext) camel).getRouteDefinitions()).filteredOn(route -> route.getId().equals("again"))
                .hasSize(1);
        assertThat(camel.hasEndpoint("direct://first")).isNull();
    }

    /** What one walk of the routes counts: Camel's own gathering of a route's endpoints, as removeRoute does. */
    private int oneWalk() {
        int before = walks.count();
        new RouteService(camel.getRoute("staying")).gatherEndpoints();
        int walk = walks.count() - before;
        assertThat(walk).isPositive();
        return walk;
    }

    private void load(String name, String yaml) throws Exception {
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString(name, yaml));
    }

    /** A processor with no children, which counts how often Camel asks for them. */
    private static final class WalkCounter implements Processor, Service, Navigate<Processor> {

        private final AtomicInteger asked = new AtomicInteger();

        int count() {
            return asked.get();
        }

        @Override
        public void process(Exchange exchange) {
        }

        @Override
        public boolean hasNext() {
            asked.incrementAndGet();
            return false;
        }

        @Override
        public List<Processor> next() {
            return List.of();
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }
    }
}
