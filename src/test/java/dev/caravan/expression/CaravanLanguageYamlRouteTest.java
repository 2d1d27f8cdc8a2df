package dev.caravan.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The language in routes written in Camel's YAML DSL, as the compiler will generate them. */
class CaravanLanguageYamlRouteTest {

    private static final String ROUTES = """
            - route:
                id: deploy-condition
                from:
                  uri: direct:deploy
                  steps:
                    - choice:
                        when:
                          - expression:
                              language:
                                language: caravan
                                expression: "quality_check.success && security_scan.passed"
                            steps:
                              - to: mock:deploy
                        otherwise:
                          steps:
                            - to: mock:skipped
            - route:
                id: monitoring-filter
                from:
                  uri: direct:monitor
                  steps:
                    - filter:
                        expression:
                          language:
                            language: caravan
                            expression: "error_rate > 0.05"
                        steps:
                          - to: mock:rollback
                    - to: mock:monitored
            - route:
                id: render-name
                from:
                  uri: direct:name
                  steps:
                    - setBody:
                        expression:
                          language:
                            language: caravan
                            expression: "params.projectName + '-' + params.replicas"
            """;

    private CamelContext camel;
    private ProducerTemplate producer;

    @BeforeEach
    void startCamelWithTheRoutes() throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind(CaravanLanguage.NAME, new CaravanLanguage(new ExpressionEvaluator()));
        camel.start();
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("test.yaml", ROUTES));
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() throws Exception {
        camel.close();
    }

    @Test
    void choiceTakesTheWhenBranchOnlyWhenTheConditionHolds() {
        send("direct:deploy", MapBindings.of(
                "quality_check", Map.of("success", true), "security_scan", Map.of("passed", true)));
        send("direct:deploy", MapBindings.of(
                "quality_check", Map.of("success", true), "security_scan", Map.of("passed", false)));
        send("direct:deploy", MapBindings.of(
                "quality_check", Map.of("success", true), "security_scan", Map.of("status", "failure")));

        assertThat(mock("mock:deploy").getReceivedCounter()).isEqualTo(1);
        assertThat(mock("mock:skipped").getReceivedCounter()).isEqualTo(2);
    }

    @Test
    void filterPassesOnlyExchangesWhoseConditionHolds() {
        send("direct:monitor", MapBindings.of("error_rate", 0.07));
        send("direct:monitor", MapBindings.of("error_rate", 0.01));
        send("direct:monitor", MapBindings.of("error_rate", 1));

        assertThat(mock("mock:rollback").getReceivedCounter()).isEqualTo(2);
        assertThat(mock("mock:monitored").getReceivedCounter()).isEqualTo(3);
    }

    @Test
    void expressionsGiveTheirValueToTheRoute() {
        Exchange done = send("direct:name", MapBindings.of("params", Map.of("projectName", "demo", "replicas", 2)));

        assertThat(done.getMessage().getBody(String.class)).isEqualTo("demo-2");
    }

    @Test
    void anEvaluationErrorFailsTheExchangeWithAClearMessage() {
        Exchange failed = send("direct:deploy", MapBindings.of("quality_check", Map.of("success", true)));

        assertThat(failed.getException())
                .isInstanceOf(ExpressionException.class)
                .hasMessage("cannot evaluate \"quality_check.success && security_scan.passed\":"
                        + " unknown name 'security_scan'");
        assertThat(mock("mock:deploy").getReceivedCounter()).isZero();
    }

    @Test
    void anExchangeWithoutBindingsFailsWithAClearMessage() {
        Exchange failed = producer.send("direct:monitor", exchange -> exchange.getMessage().setBody("x"));

        assertThat(failed.getException())
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("the exchange has no bindings (property 'caravan.bindings' is not set)");
    }

    @Test
    void aRouteWithAForbiddenExpressionDoesNotLoad() {
        String bad = """
                - route:
                    id: bad
                    from:
                      uri: direct:bad
                      steps:
                        - filter:
                            expression:
                              language:
                                language: caravan
                                expression: "T(java.lang.Runtime).getRuntime().exec('id')"
                            steps:
                              - to: mock:never
                """;

        assertThatThrownBy(() -> PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("bad.yaml", bad)))
                .hasRootCauseInstanceOf(ExpressionException.class)
                .rootCause()
                .hasMessageContaining("type references are not allowed in expressions: T(java.lang.Runtime) at position 0");
    }

    private Exchange send(String uri, Bindings bindings) {
        return producer.send(uri, exchange -> exchange.setProperty(Bindings.PROPERTY, bindings));
    }

    private MockEndpoint mock(String uri) {
        return camel.getEndpoint(uri, MockEndpoint.class);
    }
}
