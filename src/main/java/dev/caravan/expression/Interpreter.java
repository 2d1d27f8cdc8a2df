package dev.caravan.expression;

import dev.caravan.expression.ExpressionNode.Arithmetic;
import dev.caravan.expression.ExpressionNode.Compare;
import dev.caravan.expression.ExpressionNode.Operation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Evaluates a checked {@link ExpressionNode} tree against {@link Bindings}. It reads maps by key
 * and lists by index and does nothing else with values: no reflection, no method calls, so the
 * only code that runs is this class's. Every evaluation ends after one pass over the tree.
 */
final class Interpreter {

    static final int MAX_TEXT_LENGTH = 1_000_000;

    private final Bindings bindings;

    Interpreter(Bindings bindings) {
        this.bindings = bindings;
    }

    Object evaluate(ExpressionNode node) {
        return switch (node) {
            case ExpressionNode.Literal literal -> literal.value();
            case ExpressionNode.Name name -> lookup(name.name());
            case ExpressionNode.Property property -> property(evaluate(property.target()), property);
            case ExpressionNode.Index index -> index(evaluate(index.target()), index);
            case ExpressionNode.Negate negate -> negate(negate);
            case ExpressionNode.Not not -> !Values.truth(evaluate(not.operand()), not.operand());
            case ExpressionNode.And and ->
                    Values.truth(evaluate(and.left()), and.left()) && Values.truth(evaluate(and.right()), and.right());
            case ExpressionNode.Or or ->
                    Values.truth(evaluate(or.left()), or.left()) || Values.truth(evaluate(or.right()), or.right());
            case Compare compare -> compare(compare);
            case Arithmetic arithmetic -> arithmetic(arithmetic);
        };
    }

    private Object lookup(String name) {
        Optional<Object> value = bindings.resolve(name);
        if (value.isPresent()) {
            return value.get();
        }
        if (bindings.names().contains(name)) {
            return null;
        }
        throw new ExpressionProblem(NameSuggestions.unknownName(name, bindings.names()));
    }

    private Object property(Object target, ExpressionNode.Property property) {
        if (target instanceof Map<?, ?> map) {
            return map.get(property.name());
        }
        throw new ExpressionProblem("cannot read '" + property.name() + "' of " + Values.kind(target)
                + " (" + property.target().text() + " is " + Values.show(target) + ")");
    }

    private Object index(Object target, ExpressionNode.Index index) {
        Object key = index.key();
        if (target instanceof Map<?, ?> map) {
            return map.get(String.valueOf(key));
        }
        if (target instanceof List<?> list && key instanceof Number number) {
            long position = number.longValue();
            return position >= 0 && position < list.size() ? list.get((int) position) : null;
        }
        String what = key instanceof String text ? "'" + text + "'" : "[" + key + "]";
        throw new ExpressionProblem("cannot read " + what + " of " + Values.kind(target)
                + " (" + index.target().text() + " is " + Values.show(target) + ")");
    }

    private Object negate(ExpressionNode.Negate negate) {
        Object value = evaluate(negate.operand());
        if (value instanceof Number number) {
            return arithmeticGuard(() -> Numbers.negate(number), negate);
        }
        throw new ExpressionProblem("cannot negate " + Values.kind(value) + " in " + negate.text()
                + nullHint(value, negate.operand()));
    }

    private boolean compare(Compare compare) {
        Object left = evaluate(compare.left());
        Object right = evaluate(compare.right());
        return switch (compare.operator()) {
            case EQ -> equal(left, right);
            case NE -> !equal(left, right);
            case LT -> order(left, right, compare) < 0;
            case LE -> order(left, right, compare) <= 0;
            case GT -> order(left, right, compare) > 0;
            case GE -> order(left, right, compare) >= 0;
        };
    }

    private static boolean equal(Object left, Object right) {
        if (left instanceof Number x && right instanceof Number y) {
            return Numbers.compare(x, y) == 0;
        }
        return left == null ? right == null : left.equals(right);
    }

    private static int order(Object left, Object right, Compare compare) {
        if (left instanceof Number x && right instanceof Number y) {
            return Numbers.compare(x, y);
        }
        if (left instanceof String x && right instanceof String y) {
            return x.compareTo(y);
        }
        throw new ExpressionProblem("cannot compare " + Values.kind(left) + " with " + Values.kind(right)
                + " using " + compare.operator().symbol + " in " + compare.text()
                + nullHint(left, compare.left()) + nullHint(right, compare.right()));
    }

    private Object arithmetic(Arithmetic arithmetic) {
        Object left = evaluate(arithmetic.left());
        Object right = evaluate(arithmetic.right());
        if (arithmetic.operator() == Operation.ADD && (left instanceof String || right instanceof String)) {
            return concatenate(Values.text(left), Values.text(right));
        }
        if (left instanceof Number x && right instanceof Number y) {
            return arithmeticGuard(() -> Numbers.apply(arithmetic.operator(), x, y), arithmetic);
        }
        throw new ExpressionProblem("cannot " + arithmetic.operator().verb + " " + Values.kind(left)
                + " and " + Values.kind(right) + " in " + arithmetic.text()
                + nullHint(left, arithmetic.left()) + nullHint(right, arithmetic.right()));
    }

    private static String concatenate(String left, String right) {
        if ((long) left.length() + right.length() > MAX_TEXT_LENGTH) {
            throw new ExpressionProblem("the text would be longer than " + MAX_TEXT_LENGTH + " characters");
        }
        return left + right;
    }

    private static Number arithmeticGuard(Supplier<Number> operation, ExpressionNode node) {
        try {
            return operation.get();
        } catch (ArithmeticException e) {
            throw new ExpressionProblem(e.getMessage() + " in " + node.text());
        }
    }

    /** Says which operand was null, since that is usually the surprise (a skipped step, a missing field). */
    private static String nullHint(Object value, ExpressionNode source) {
        return value == null && !(source instanceof ExpressionNode.Literal) ? "; " + source.text() + " is null" : "";
    }
}
