package dev.caravan.expression;

import dev.caravan.definition.ExpressionSyntax;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Caravan's sandboxed expression language: literals, names with dot paths and {@code [index]},
 * {@code == != < <= > >=}, {@code && || !} (also {@code and or not}), {@code + - * /} and
 * parentheses. Nothing else: no method calls, types, constructors, variables or regular
 * expressions, so an expression can only read the data in its {@link Bindings}.
 *
 * <p>Semantics: null is false in {@code && || !} and as a condition; {@code ==} and {@code !=}
 * work with null, ordering null is an error; numbers compare and compute across Integer, Long and
 * Double; {@code +} with a string concatenates. Error positions are 0-based offsets into the
 * expression. Thread-safe; parsed expressions are cached, so one instance should be shared.
 */
public final class ExpressionEvaluator implements ExpressionSyntax {

    private static final int DEFAULT_CACHE_SIZE = 2048;

    private final ParseCache cache;
    private final TemplateRenderer templates = new TemplateRenderer(this::evaluate);

    public ExpressionEvaluator() {
        this(DEFAULT_CACHE_SIZE);
    }

    /** @param cacheSize how many distinct expression texts to keep parsed */
    public ExpressionEvaluator(int cacheSize) {
        this.cache = new ParseCache(cacheSize);
    }

    /** Syntax and allowed constructs only; nothing is evaluated. */
    @Override
    public Optional<String> check(String expression) {
        return Optional.ofNullable(cache.get(expression).problem());
    }

    /**
     * @return the value: a Boolean, Number, String, null, or a Map or List read from the bindings
     * @throws ExpressionException when the expression is invalid or cannot be evaluated
     */
    public Object evaluate(String expression, Bindings bindings) {
        Objects.requireNonNull(bindings, "bindings");
        ParseCache.Parsed parsed = cache.get(expression);
        if (parsed.problem() != null) {
            throw ExpressionException.invalid(expression, parsed.problem());
        }
        try {
            return new Interpreter(bindings).evaluate(parsed.node());
        } catch (ExpressionProblem e) {
            throw ExpressionException.cannotEvaluate(expression, e.getMessage());
        }
    }

    /**
     * A condition: true, or false for false and null.
     *
     * @throws ExpressionException when the value is neither a boolean nor null, or on any error
     */
    public boolean test(String expression, Bindings bindings) {
        Object value = evaluate(expression, bindings);
        if (value == null || value instanceof Boolean) {
            return Boolean.TRUE.equals(value);
        }
        throw ExpressionException.cannotEvaluate(expression, "expected true or false but got " + Values.show(value));
    }

    /**
     * Renders a params value deeply. A string that is exactly one {@code ${expr}} yields the
     * expression's value itself; other strings get each {@code ${expr}} replaced by its value's
     * text (null as empty, maps and lists as JSON); {@code $${} writes {@code ${}. Maps and lists
     * are copied (unmodifiable), other values returned as they are.
     */
    public Object render(Object value, Bindings bindings) {
        Objects.requireNonNull(bindings, "bindings");
        return templates.render(value, bindings);
    }

    /**
     * @return the expressions inside the text's {@code ${...}}, in order
     * @throws ExpressionException when a {@code ${} is not closed
     */
    public List<String> templateExpressions(String text) {
        return TemplateRenderer.parse(text).expressions();
    }

    /** Checks every {@code ${...}} of a string: empty when all are valid, else the first problem. */
    public Optional<String> checkTemplate(String text) {
        List<String> expressions;
        try {
            expressions = templateExpressions(text);
        } catch (ExpressionException e) {
            return Optional.of(e.reason());
        }
        return expressions.stream()
                .flatMap(expression -> check(expression).map(problem -> "in ${" + expression + "}: " + problem).stream())
                .findFirst();
    }
}
