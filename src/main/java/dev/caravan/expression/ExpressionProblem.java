package dev.caravan.expression;

/**
 * What went wrong inside the package, before the public API wraps it with the expression's text.
 * No stack trace: the message is the whole story and failures may be frequent (a bad condition in
 * a loop).
 */
final class ExpressionProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ExpressionProblem(String reason) {
        super(reason, null, false, false);
    }
}
