package dev.caravan.expression;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.support.LanguageSupport;

/**
 * Caravan's expression language as a Camel {@link org.apache.camel.spi.Language}, so generated
 * routes can write
 * {@code expression: { language: { language: caravan, expression: "a.success && b.passed" } }}.
 * Registered as a bean named {@code caravan}. Each exchange carries its run's {@link Bindings} in
 * the property {@link Bindings#PROPERTY}. Expressions are checked when the route is created, so
 * an invalid one fails the route's start rather than a run.
 */
public class CaravanLanguage extends LanguageSupport {

    /** The name routes use for this language and the bean name to register it under. */
    public static final String NAME = "caravan";

    private final ExpressionEvaluator evaluator;

    public CaravanLanguage(ExpressionEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    @Override
    public Predicate createPredicate(String expression) {
        String text = checked(expression);
        return new Predicate() {
            @Override
            public boolean matches(Exchange exchange) {
                return evaluator.test(text, bindings(exchange, text));
            }

            @Override
            public String toString() {
                return NAME + "{" + text + "}";
            }
        };
    }

    @Override
    public Expression createExpression(String expression) {
        String text = checked(expression);
        return new Expression() {
            @Override
            public <T> T evaluate(Exchange exchange, Class<T> type) {
                Object value = evaluator.evaluate(text, bindings(exchange, text));
                return exchange.getContext().getTypeConverter().convertTo(type, exchange, value);
            }

            @Override
            public String toString() {
                return NAME + "{" + text + "}";
            }
        };
    }

    private String checked(String expression) {
        String text = expression == null ? "" : expression.strip();
        evaluator.check(text).ifPresent(problem -> {
            throw ExpressionException.invalid(text, problem);
        });
        return text;
    }

    private static Bindings bindings(Exchange exchange, String expression) {
        Bindings bindings = exchange.getProperty(Bindings.PROPERTY, Bindings.class);
        if (bindings == null) {
            throw ExpressionException.cannotEvaluate(expression, "the exchange has no bindings (property '"
                    + Bindings.PROPERTY + "' is not set); Caravan sets it when a run starts");
        }
        return bindings;
    }
}
