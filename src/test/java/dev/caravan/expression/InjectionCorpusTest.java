package dev.caravan.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/** Attempts to escape the sandbox: each is refused before evaluation, and none runs anything. */
class InjectionCorpusTest {

    private static final String PROPERTY = "caravan.injection.test";
    private static final String TRIPWIRE = "T(dev.caravan.expression.Tripwire)";

    @TempDir
    static Path folder;

    private final ExpressionEvaluator evaluator = new ExpressionEvaluator();
    // built once, before the tripwire is armed: its constructor counts too
    private static final MapBindings bindings = MapBindings.of(
            "x", Map.of("a", 1), "params", Map.of("name", "demo"), "name", "api", "tripwire", new Tripwire(),
            "box", Map.of("inside", new Tripwire()));

    @BeforeAll
    static void armed() {
        System.clearProperty(PROPERTY);
        Tripwire.FIRED.set(0);
    }

    static Stream<Arguments> corpus() {
        String file = folder.resolve("pwned").toString();
        return Stream.of(
                attack("T(java.lang.Runtime).getRuntime().exec('id')",
                        "type references are not allowed in expressions: T(java.lang.Runtime) at position 0"),
                attack("''.getClass()", "method calls are not allowed in expressions: getClass() at position 3"),
                attack("''.class", "the name 'class' is not allowed in expressions: class at position 3"),
                attack("'a'.class.forName('java.lang.Runtime')", "the name 'class' is not allowed"),
                attack("new java.io.File('/')", "constructors are not allowed in expressions: new java.io.File('/') at position 0"),
                attack("new java.io.File('" + file + "').createNewFile()", "constructors are not allowed"),
                attack("#root", "variables (#name) are not allowed in expressions: #root at position 0"),
                attack("#this", "variables (#name) are not allowed in expressions: #this at position 0"),
                attack("#systemProperties['user.home']", "variables (#name) are not allowed"),
                attack("#fn('x')", "function calls are not allowed"),
                attack("@systemProperties", "bean references are not allowed in expressions: @systemProperties"),
                attack("@environment.getProperty('HOME')", "bean references are not allowed"),
                attack("&factory", "bean references are not allowed"),
                attack("T(Class).forName('x')", "type references are not allowed in expressions: T(Class) at position 0"),
                attack("{1,2}.?[true]", "inline lists are not allowed in expressions: {1,2} at position 0"),
                attack("params.?[true]", "collection selection is not allowed"),
                attack("params.^[true]", "collection selection is not allowed"),
                attack("params.![#this]", "collection projection is not allowed"),
                attack("{'a': 1}", "inline maps are not allowed"),
                attack("'a' * 1000000", "repeating a string with * is not allowed in expressions: ('a' * 1000000) at position 4"),
                attack("1000000 * 'a'", "repeating a string with * is not allowed"),
                attack("x matches '(a+)+$'", "regular expressions (matches) are not allowed in expressions: (x matches '(a+)+$') at position 2"),
                attack("x.class.classLoader", "the name 'class' is not allowed in expressions: class at position 2"),
                attack("tripwire.classLoader", "the name 'classLoader' is not allowed"),
                attack("params.getClass", "the name 'getClass' is not allowed in expressions: getClass at position 7"),
                attack("params.getClass()", "method calls are not allowed in expressions: getClass() at position 7"),
                attack("params['class']", "the name 'class' is not allowed in expressions: 'class' at position 7"),
                attack("x.class.forName('java.lang.Runtime').getMethod('getRuntime').invoke(null)", "the name 'class' is not allowed"),
                attack("T(java.lang.System).setProperty('" + PROPERTY + "', 'pwned')", "type references are not allowed"),
                attack(TRIPWIRE + ".fire()", "type references are not allowed"),
                attack("new dev.caravan.expression.Tripwire()", "constructors are not allowed"),
                attack("tripwire.getSecret()", "method calls are not allowed"),
                attack("T(java.lang.Thread).sleep(100000)", "type references are not allowed"),
                attack("T(java.lang.System).exit(1)", "type references are not allowed"),
                attack("new int[1000000000]", "constructors are not allowed"),
                attack("'' + T(java.lang.System).getenv()", "type references are not allowed"),
                attack("x[T(java.lang.Runtime).getRuntime()]", "an index must be a whole number or a quoted string"),
                attack("'a'.concat('b')", "method calls are not allowed"),
                attack("x = 1", "assignment is not allowed in expressions: x=1 at position 2"),
                attack("x.a = 1", "assignment is not allowed"),
                attack("x++", "the operator ++ is not allowed"),
                attack("--x", "the operator -- is not allowed"),
                attack("x ?: 'default'", "the Elvis operator ?: is not allowed"),
                attack("x ? 1 : 2", "the conditional operator ? : is not allowed"),
                attack("x between {1, 5}", "the operator between is not allowed"),
                attack("x instanceof T(String)", "the operator instanceof is not allowed"),
                attack("2 ^ 100000000", "the operator ^ is not allowed"),
                attack("x % 2", "the operator % is not allowed"),
                attack("x?.a", "safe navigation ?. is not allowed"),
                attack("t(java.lang.Runtime)", "not allowed"),
                attack("\\u0054(java.lang.Runtime)", "syntax error"),
                attack("${T(java.lang.Runtime)}", "this is already an expression"),
                attack("true; T(java.lang.Runtime)", "syntax error"));
    }

    private static Arguments attack(String expression, String reason) {
        return Arguments.of(expression, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedByTheCheck(String expression, String reason) {
        assertThat(evaluator.check(expression)).hasValueSatisfying(problem -> assertThat(problem).contains(reason));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedByEvaluationAndByTemplates(String expression, String reason) {
        assertThatThrownBy(() -> evaluator.evaluate(expression, bindings))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("invalid expression \"" + expression + "\": ")
                .hasMessageContaining(reason);
        assertThatThrownBy(() -> evaluator.test(expression, bindings)).isInstanceOf(ExpressionException.class);
        if (!expression.contains("}")) {
            assertThatThrownBy(() -> evaluator.render("value: ${" + expression + "}", bindings))
                    .isInstanceOf(ExpressionException.class);
        }
    }

    @Test
    void valuesThatAreNotDataExposeNoProperties() {
        assertThatThrownBy(() -> evaluator.evaluate("tripwire.secret", bindings))
                .hasMessage("cannot evaluate \"tripwire.secret\": cannot read 'secret' of an opaque value"
                        + " (tripwire is an opaque value)");
        assertThatThrownBy(() -> evaluator.evaluate("name.bytes", bindings))
                .hasMessageEndingWith("cannot read 'bytes' of a string (name is 'api')");
        assertThatThrownBy(() -> evaluator.evaluate("name['length']", bindings))
                .hasMessageEndingWith("cannot read 'length' of a string (name is 'api')");
    }

    @Test
    void turningValuesIntoTextCallsNoGetter() {
        assertThat((String) evaluator.evaluate("'' + box", bindings)).startsWith("{\"inside\":\"dev.caravan.expression.Tripwire@");
        assertThat((String) evaluator.render("${tripwire} ${box}", bindings)).startsWith("dev.caravan.expression.Tripwire@");
        assertThat(evaluator.test("box == box && tripwire != null", bindings)).isTrue();
    }

    @Test
    void theTripwireWouldFireUnderPlainSpel() {
        int before = Tripwire.FIRED.get();
        new SpelExpressionParser().parseExpression(TRIPWIRE + ".fire()").getValue(new StandardEvaluationContext());
        assertThat(Tripwire.FIRED.get()).isEqualTo(before + 1);
        Tripwire.FIRED.addAndGet(-1);
    }

    @AfterAll
    static void nothingRan() {
        // the corpus tried to set this property, create this file, call and construct the tripwire
        assertThat(System.getProperty(PROPERTY)).isNull();
        assertThat(Files.exists(folder.resolve("pwned"))).isFalse();
        assertThat(Tripwire.FIRED.get()).isZero();
    }
}
