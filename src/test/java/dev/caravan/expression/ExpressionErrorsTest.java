package dev.caravan.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionErrorsTest {

    private final ExpressionEvaluator evaluator = new ExpressionEvaluator();

    private final MapBindings run = MapBindings.of(
            "scaffold", Map.of("success", true, "output", Map.of("files", List.of("a.ts"))),
            "quality_check", Map.of("success", true),
            "count", 3,
            "name", "api");

    @Test
    void unknownNameSuggestsTheClosestKnownOne() {
        assertThatThrownBy(() -> evaluator.evaluate("scafold.success", run))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("cannot evaluate \"scafold.success\": unknown name 'scafold' (did you mean 'scaffold'?)");
        assertThatThrownBy(() -> evaluator.test("security_scan.passed", run))
                .hasMessage("cannot evaluate \"security_scan.passed\": unknown name 'security_scan'");
    }

    @Test
    void theExceptionCarriesExpressionAndReasonApart() {
        assertThatThrownBy(() -> evaluator.evaluate("qualty_check.success", run))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.expression()).isEqualTo("qualty_check.success");
                    assertThat(e.reason()).isEqualTo("unknown name 'qualty_check' (did you mean 'quality_check'?)");
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
            "count.value => cannot read 'value' of a number (count is 3)",
            "name.length => cannot read 'length' of a string (name is 'api')",
            "scaffold.nothing.deeper => cannot read 'deeper' of null (scaffold.nothing is null)",
            "scaffold.output.files.first => cannot read 'first' of a list (scaffold.output.files is a list)",
            "scaffold.output.files['x'] => cannot read 'x' of a list (scaffold.output.files is a list)",
            "count[0] => cannot read [0] of a number (count is 3)",
            "scaffold.missing > 0.05 => cannot compare null with a number using > in (scaffold.missing > 0.05); scaffold.missing is null",
            "name < 3 => cannot compare a string with a number using < in (name < 3)",
            "true >= false => cannot compare a boolean with a boolean using >= in (true >= false)",
            "count - name => cannot subtract a number and a string in (count - name)",
            "count * scaffold.success => cannot multiply a number and a boolean in (count * scaffold.success)",
            "scaffold.missing + 1 => cannot add null and a number in (scaffold.missing + 1); scaffold.missing is null",
            "-name => cannot negate a string in -name",
            "count / 0 => division by zero in (count / 0)",
            "count / 0.0 => division by zero in (count / 0.0)",
            "9223372036854775807L + count => the result is too large for a whole number in (9223372036854775807 + count)",
            "count && true => expected true or false but got 3 from count",
            "!name => expected true or false but got 'api' from name",
    })
    void evaluationErrorsSayWhatAndWhere(String expression, String reason) {
        assertThatThrownBy(() -> evaluator.evaluate(expression, run))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("cannot evaluate \"" + expression + "\": " + reason);
    }

    @Test
    void aConditionMustBeBooleanOrNull() {
        assertThatThrownBy(() -> evaluator.test("count", run))
                .hasMessage("cannot evaluate \"count\": expected true or false but got 3");
        assertThatThrownBy(() -> evaluator.test("scaffold.output", run))
                .hasMessage("cannot evaluate \"scaffold.output\": expected true or false but got a map");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
            "a + => syntax error at position 2: problem parsing right operand",
            "a && => syntax error at position 2: problem parsing right operand",
            "(a => syntax error at position 2: unexpectedly ran out of input",
            "a b => syntax error at position 2: after parsing a valid expression, there is still more data in the expression: 'b'",
            "'open => syntax error at position 0: cannot find terminating ' for string",
            "items[0 => syntax error at position 7: unexpectedly ran out of input",
            "${a > 1} => this is already an expression: write a > 1 without ${...}",
            "[0] => an index needs a value before it in expressions: [0] at position 0",
            "items[i] => an index must be a whole number or a quoted string in expressions: [i] at position 5",
            "a?.b => safe navigation ?. is not allowed in expressions: b at position 3",
    })
    void syntaxErrorsGiveAPosition(String expression, String reason) {
        assertThat(evaluator.check(expression)).contains(reason);
        assertThatThrownBy(() -> evaluator.evaluate(expression, run))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("invalid expression \"" + expression + "\": " + reason);
    }

    @Test
    void emptyAndOverlongExpressionsAreRejected() {
        assertThat(evaluator.check("  ")).contains("the expression is empty");
        assertThat(evaluator.check(null)).contains("the expression is empty");
        String tooLong = "a + ".repeat(300) + "a";
        assertThat(evaluator.check(tooLong)).contains("the expression is too long: 1201 characters, at most 1000");
    }

    @Test
    void deeplyNestedExpressionsAreRejected() {
        assertThat(evaluator.check("!".repeat(100) + "true"))
                .contains("the expression is nested too deeply (more than 64 levels)");
        assertThat(evaluator.check("1" + " + 1".repeat(100)))
                .contains("the expression is nested too deeply (more than 64 levels)");
        assertThat(evaluator.check("!".repeat(60) + "true")).isEmpty();
        assertThat(evaluator.test("(".repeat(200) + "true" + ")".repeat(200), MapBindings.of())).isTrue();
    }

    @Test
    void validExpressionsPassTheCheck() {
        assertThat(evaluator.check("quality_check.success && security_scan.passed")).isEmpty();
        assertThat(evaluator.check("error_rate > 0.05")).isEmpty();
        assertThat(evaluator.check("items[0].name == 'x' || !(count >= 3)")).isEmpty();
    }
}
