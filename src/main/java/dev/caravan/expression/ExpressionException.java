package dev.caravan.expression;

/**
 * An expression could not be parsed or evaluated. The message quotes the expression and says what
 * went wrong, e.g. {@code cannot evaluate "security_scan.passed": unknown name 'security_scan'}.
 */
public class ExpressionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String expression;
    private final String reason;

    ExpressionException(String verb, String expression, String reason) {
        super(verb + " \"" + expression + "\": " + reason);
        this.expression = expression;
        this.reason = reason;
    }

    static ExpressionException invalid(String expression, String reason) {
        return new ExpressionException("invalid expression", expression, reason);
    }

    static ExpressionException cannotEvaluate(String expression, String reason) {
        return new ExpressionException("cannot evaluate", expression, reason);
    }

    /** The text of the expression (or template) that failed. */
    public String expression() {
        return expression;
    }

    /** What went wrong, without the quoted expression. */
    public String reason() {
        return reason;
    }
}
