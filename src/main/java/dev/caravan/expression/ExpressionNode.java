package dev.caravan.expression;

/**
 * The checked form of an expression: only the constructs of Caravan's language exist here, so an
 * expression that translated into this tree cannot do anything else. Immutable and shared between
 * threads through the parse cache. {@code text} is the node's source, for error messages.
 */
sealed interface ExpressionNode {

    String text();

    /** A number, string, boolean or null written in the expression. */
    record Literal(Object value, String text) implements ExpressionNode {
    }

    /** A top-level name, resolved through {@link Bindings}. */
    record Name(String name, String text) implements ExpressionNode {
    }

    /** {@code target.name}: a key of a map. */
    record Property(ExpressionNode target, String name, String text) implements ExpressionNode {
    }

    /** {@code target[0]} or {@code target['key']}: an element of a list or a key of a map. */
    record Index(ExpressionNode target, Object key, String text) implements ExpressionNode {
    }

    /** {@code -operand}. */
    record Negate(ExpressionNode operand, String text) implements ExpressionNode {
    }

    /** {@code !operand} or {@code not operand}. */
    record Not(ExpressionNode operand, String text) implements ExpressionNode {
    }

    /** {@code left && right}, short-circuit. */
    record And(ExpressionNode left, ExpressionNode right, String text) implements ExpressionNode {
    }

    /** {@code left || right}, short-circuit. */
    record Or(ExpressionNode left, ExpressionNode right, String text) implements ExpressionNode {
    }

    /** {@code == != < <= > >=}. */
    record Compare(Comparison operator, ExpressionNode left, ExpressionNode right, String text)
            implements ExpressionNode {
    }

    /** {@code + - * /}. */
    record Arithmetic(Operation operator, ExpressionNode left, ExpressionNode right, String text)
            implements ExpressionNode {
    }

    enum Comparison {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }
    }

    enum Operation {
        ADD("+", "add"), SUBTRACT("-", "subtract"), MULTIPLY("*", "multiply"), DIVIDE("/", "divide");

        final String symbol;
        final String verb;

        Operation(String symbol, String verb) {
            this.symbol = symbol;
            this.verb = verb;
        }
    }
}
