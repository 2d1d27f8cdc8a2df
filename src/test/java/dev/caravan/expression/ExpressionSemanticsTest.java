package dev.caravan.expression;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionSemanticsTest {

    private final ExpressionEvaluator evaluator = new ExpressionEvaluator();

    private final MapBindings run = MapBindings.of(
            "quality_check", Map.of("success", true, "status", "success", "output", Map.of("score", 87)),
            "security_scan", Map.of("passed", true, "findings", List.of(Map.of("id", "CVE-1", "severity", 7.5))),
            "error_rate", 0.07,
            "count", 3,
            "big", 5_000_000_000L,
            "name", "api",
            "params", Map.of("projectName", "demo", "replicas", 2),
            "item", Map.of("file", "a.csv"),
            "index", 0);

    private Object eval(String expression) {
        return evaluator.evaluate(expression, run);
    }

    @Test
    void seedConditionsEvaluate() {
        assertThat(evaluator.test("quality_check.success && security_scan.passed", run)).isTrue();
        assertThat(evaluator.test("error_rate > 0.05", run)).isTrue();
        assertThat(evaluator.test("error_rate > 0.05", MapBindings.of("error_rate", 0.01))).isFalse();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "1 + 2 * 3           | 7",
            "(1 + 2) * 3         | 9",
            "10 - 4 - 3          | 3",
            "12 / 2 / 3          | 2",
            "-count + 5          | 2",
            "2 * -3              | -6",
            "7 / 2               | 3.5",
            "count * 1.5         | 4.5",
            "big + 1             | 5000000001",
            "1.5 + 1.5           | 3.0",
    })
    void arithmeticFollowsUsualPrecedence(String expression, String expected) {
        assertThat(Values.text(eval(expression))).isEqualTo(Values.text(new java.math.BigDecimal(expected)));
    }

    @Test
    void wholeResultsAreIntegersWhereTheyFitAndDecimalsOtherwise() {
        assertThat(eval("count + 1")).isEqualTo(4);
        assertThat(eval("big * 2")).isEqualTo(10_000_000_000L);
        assertThat(eval("9 / 3")).isEqualTo(3);
        assertThat(eval("7 / 2")).isEqualTo(3.5);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
            "true || false && false => true",
            "(true || false) && false => false",
            "!false && true => true",
            "not quality_check.success => false",
            "count >= 3 and error_rate < 1 => true",
            "count > 3 or name == 'api' => true",
            "1 + 2 == 3 => true",
            "count == 3.0 => true",
            "big > count => true",
            "error_rate >= 0.07 => true",
            "error_rate < count => true",
            "'abc' < 'abd' => true",
            "name != 'web' => true",
            "count == '3' => false",
            "params.replicas <= 2 => true",
    })
    void logicAndComparisonsWorkAcrossNumberTypes(String expression, boolean expected) {
        assertThat(evaluator.test(expression, run)).isEqualTo(expected);
    }

    @Test
    void nullIsFalseInLogicAndInConditions() {
        Map<String, Object> values = new HashMap<>();
        values.put("scan", Map.of("status", "success"));
        values.put("missing", null);
        MapBindings bindings = new MapBindings(values);

        assertThat(evaluator.test("scan.passed", bindings)).isFalse();
        assertThat(evaluator.test("!scan.passed", bindings)).isTrue();
        assertThat(evaluator.test("scan.passed || true", bindings)).isTrue();
        assertThat(evaluator.test("missing && true", bindings)).isFalse();
        assertThat(evaluator.test("missing", bindings)).isFalse();
        assertThat(evaluator.test("scan.passed == null", bindings)).isTrue();
        assertThat(evaluator.test("null != scan.status", bindings)).isTrue();
        assertThat(evaluator.test("missing == null", bindings)).isTrue();
    }

    @Test
    void andOrShortCircuitSoTheRightSideIsNotEvaluated() {
        assertThat(evaluator.test("false && unknown_name", run)).isFalse();
        assertThat(evaluator.test("true || 1 / 0 == 1", run)).isTrue();
    }

    @Test
    void dottedPathsAndIndexesReadNestedMapsAndLists() {
        assertThat(eval("quality_check.output.score")).isEqualTo(87);
        assertThat(eval("security_scan.findings[0].id")).isEqualTo("CVE-1");
        assertThat(eval("security_scan.findings[0]['severity']")).isEqualTo(7.5);
        assertThat(eval("quality_check['output']['score']")).isEqualTo(87);
        assertThat(eval("(quality_check.output).score")).isEqualTo(87);
        assertThat(eval("quality_check.output")).isEqualTo(Map.of("score", 87));
    }

    @Test
    void missingKeysAndIndexesOutOfRangeAreNull() {
        assertThat(eval("quality_check.output.coverage")).isNull();
        assertThat(eval("security_scan.findings[5]")).isNull();
        assertThat(eval("params['nope']")).isNull();
    }

    @Test
    void plusWithAStringConcatenates() {
        assertThat(eval("'project-' + params.projectName")).isEqualTo("project-demo");
        assertThat(eval("name + count")).isEqualTo("api3");
        assertThat(eval("count + 1 + name")).isEqualTo("4api");
        assertThat(eval("'rate ' + error_rate")).isEqualTo("rate 0.07");
        assertThat(eval("'ok: ' + quality_check.success")).isEqualTo("ok: true");
        assertThat(eval("'x' + quality_check.nothing")).isEqualTo("x");
    }

    @Test
    void literalsOfEveryKind() {
        assertThat(eval("42")).isEqualTo(42);
        assertThat(eval("42L")).isEqualTo(42L);
        assertThat(eval("0.5")).isEqualTo(0.5);
        assertThat(eval("'it''s'")).isEqualTo("it's");
        assertThat(eval("\"double\"")).isEqualTo("double");
        assertThat(eval("true")).isEqualTo(true);
        assertThat(eval("null")).isNull();
    }

    @Test
    void aNameListedWithoutAValueIsNull() {
        Map<String, Object> values = new HashMap<>();
        values.put("deploy", null);
        assertThat(evaluator.evaluate("deploy", new MapBindings(values))).isNull();
    }
}
