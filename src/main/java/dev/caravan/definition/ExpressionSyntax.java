package dev.caravan.definition;

import java.util.Optional;

/**
 * Checks an expression's syntax at validation time. The expression language implements it, so a
 * bad expression is rejected when the workflow is deployed, not when a run reaches it.
 */
public interface ExpressionSyntax {

    /**
     * @param expression the text of a {@code condition}, {@code while} or {@code foreach}, or the
     *                   inside of one {@code ${...}} template
     * @return empty when valid, else a message saying what is wrong and where in the expression
     */
    Optional<String> check(String expression);
}
