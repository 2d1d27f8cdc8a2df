package dev.caravan.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRenderingTest {

    private final ExpressionEvaluator evaluator = new ExpressionEvaluator();

    private final MapBindings run = bindings();

    private static MapBindings bindings() {
        Map<String, Object> values = new HashMap<>();
        values.put("params", Map.of("projectName", "demo", "replicas", 3));
        values.put("scaffold", Map.of("output", Map.of("path", "/src/demo", "files", List.of("a.ts", "b.ts"))));
        values.put("error_rate", 0.05);
        values.put("healthy", true);
        values.put("nothing", null);
        return new MapBindings(values);
    }

    @Test
    void aStringThatIsOneTemplateKeepsTheValuesType() {
        assertThat(evaluator.render("${params.replicas}", run)).isEqualTo(3);
        assertThat(evaluator.render("${healthy}", run)).isEqualTo(true);
        assertThat(evaluator.render("${scaffold.output}", run))
                .isEqualTo(Map.of("path", "/src/demo", "files", List.of("a.ts", "b.ts")));
        assertThat(evaluator.render("${nothing}", run)).isNull();
        assertThat(evaluator.render("${params.replicas + 1}", run)).isEqualTo(4);
    }

    @Test
    void templatesInsideTextAreReplacedByTheirText() {
        assertThat(evaluator.render("project ${params.projectName} at ${scaffold.output.path}", run))
                .isEqualTo("project demo at /src/demo");
        assertThat(evaluator.render("rate=${error_rate * 100}%", run)).isEqualTo("rate=5%");
        assertThat(evaluator.render("[${nothing}]", run)).isEqualTo("[]");
        assertThat(evaluator.render(" ${params.replicas}", run)).isEqualTo(" 3");
        assertThat(evaluator.render("files: ${scaffold.output.files}", run)).isEqualTo("files: [\"a.ts\",\"b.ts\"]");
        assertThat(evaluator.render("${'a}b'}-${'{'}", run)).isEqualTo("a}b-{");
    }

    @Test
    void mapsAndListsInsideTextAreWrittenAsJson() {
        Map<String, Object> output = new java.util.LinkedHashMap<>();
        output.put("msg", "say \"hi\"\n\\ \u0001");
        output.put("rate", 0.5);
        output.put("whole", 2.0);
        output.put("none", null);
        output.put("tags", List.of(true, 1L));

        Object rendered = evaluator.render("out=${out}", MapBindings.of("out", output));

        assertThat(rendered).isEqualTo("out={\"msg\":\"say \\\"hi\\\"\\n\\\\ \\u0001\",\"rate\":0.5,"
                + "\"whole\":2,\"none\":null,\"tags\":[true,1]}");
    }

    @Test
    void dollarDollarBraceWritesALiteralTemplate() {
        assertThat(evaluator.render("$${params.projectName}", run)).isEqualTo("${params.projectName}");
        assertThat(evaluator.render("cost: $5, name: ${params.projectName}", run)).isEqualTo("cost: $5, name: demo");
        assertThat(evaluator.render("$${x} and ${params.replicas}", run)).isEqualTo("${x} and 3");
    }

    @Test
    void mapsAndListsRenderDeeplyAndOtherValuesStayAsTheyAre() {
        Map<String, Object> params = new HashMap<>();
        params.put("name", "${params.projectName}-api");
        params.put("count", "${params.replicas}");
        params.put("nested", Map.of("targets", List.of("${scaffold.output.path}", 7, "plain")));
        params.put("flag", false);
        params.put("empty", null);

        Object rendered = evaluator.render(params, run);

        Map<String, Object> expected = new HashMap<>();
        expected.put("name", "demo-api");
        expected.put("count", 3);
        expected.put("nested", Map.of("targets", List.of("/src/demo", 7, "plain")));
        expected.put("flag", false);
        expected.put("empty", null);
        assertThat(rendered).isEqualTo(expected);
        assertThat(evaluator.render(Arrays.asList(1.5, null, "${healthy}"), run)).isEqualTo(Arrays.asList(1.5, null, true));
        assertThat(evaluator.render(42, run)).isEqualTo(42);
    }

    @Test
    void errorsInTemplatesNameTheExpression() {
        assertThatThrownBy(() -> evaluator.render(Map.of("a", List.of("x ${scafold.output}")), run))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("cannot evaluate \"scafold.output\": unknown name 'scafold' (did you mean 'scaffold'?)");
        assertThatThrownBy(() -> evaluator.render("x ${params.projectName", run))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("invalid template \"x ${params.projectName\": '${' at position 2 is not closed by '}'");
    }

    @Test
    void templateExpressionsListsTheInsides() {
        assertThat(evaluator.templateExpressions("a ${x.y} b ${z + 1} $${not} ${'}'}"))
                .containsExactly("x.y", "z + 1", "'}'");
        assertThat(evaluator.templateExpressions("no templates")).isEmpty();
        assertThatThrownBy(() -> evaluator.templateExpressions("${a} ${b"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageEndingWith("'${' at position 5 is not closed by '}'");
    }

    @Test
    void checkTemplateReportsTheFirstBadExpression() {
        assertThat(evaluator.checkTemplate("deploy ${params.projectName} to ${env}")).isEmpty();
        assertThat(evaluator.checkTemplate("id: ${''.getClass()}"))
                .contains("in ${''.getClass()}: method calls are not allowed in expressions: getClass() at position 3");
        assertThat(evaluator.checkTemplate("${}")).contains("in ${}: the expression is empty");
        assertThat(evaluator.checkTemplate("${a")).contains("'${' at position 0 is not closed by '}'");
    }
}
