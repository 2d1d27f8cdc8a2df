package dev.caravan.expression;

import dev.caravan.expression.ExpressionNode.Operation;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Arithmetic and ordering across Integer, Long, Double and the other Number types that JSON
 * parsers produce. Whole numbers stay whole (and overflow is an error, not a wrap-around); a
 * division that does not come out even gives a decimal, so {@code 7 / 2} is 3.5.
 */
final class Numbers {

    private Numbers() {
    }

    static int compare(Number left, Number right) {
        if (isWhole(left) && isWhole(right)) {
            return Long.compare(left.longValue(), right.longValue());
        }
        BigDecimal exactLeft = exact(left);
        BigDecimal exactRight = exact(right);
        if (exactLeft != null && exactRight != null) {
            return exactLeft.compareTo(exactRight);
        }
        return Double.compare(left.doubleValue(), right.doubleValue());
    }

    /** @throws ArithmeticException with a message for people on division by zero or overflow */
    static Number apply(Operation operation, Number left, Number right) {
        if (isWhole(left) && isWhole(right)) {
            return whole(operation, left.longValue(), right.longValue());
        }
        double x = left.doubleValue();
        double y = right.doubleValue();
        return switch (operation) {
            case ADD -> x + y;
            case SUBTRACT -> x - y;
            case MULTIPLY -> x * y;
            case DIVIDE -> {
                if (y == 0) {
                    throw new ArithmeticException("division by zero");
                }
                yield x / y;
            }
        };
    }

    static Number negate(Number number) {
        if (isWhole(number)) {
            return whole(Operation.SUBTRACT, 0, number.longValue());
        }
        return -number.doubleValue();
    }

    private static Number whole(Operation operation, long x, long y) {
        try {
            return switch (operation) {
                case ADD -> narrow(Math.addExact(x, y));
                case SUBTRACT -> narrow(Math.subtractExact(x, y));
                case MULTIPLY -> narrow(Math.multiplyExact(x, y));
                case DIVIDE -> divide(x, y);
            };
        } catch (ArithmeticException e) {
            throw new ArithmeticException(y == 0 ? "division by zero" : "the result is too large for a whole number");
        }
    }

    private static Number divide(long x, long y) {
        if (y == 0) {
            throw new ArithmeticException("division by zero");
        }
        if (x % y == 0) {
            return narrow(Math.divideExact(x, y));
        }
        return (double) x / y;
    }

    /** Integer where it fits, so that results compare equal to the literals people write in tests and maps. */
    private static Number narrow(long value) {
        // not a conditional expression: it would unbox both branches and box the Integer as a Long
        if (value == (int) value) {
            return Integer.valueOf((int) value);
        }
        return Long.valueOf(value);
    }

    private static boolean isWhole(Number number) {
        return number instanceof Integer || number instanceof Long
                || number instanceof Short || number instanceof Byte;
    }

    private static BigDecimal exact(Number number) {
        return switch (number) {
            case BigDecimal decimal -> decimal;
            case BigInteger integer -> new BigDecimal(integer);
            case Double d when Double.isFinite(d) -> new BigDecimal(d.toString());
            case Float f when Float.isFinite(f) -> new BigDecimal(f.toString());
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case Short s -> BigDecimal.valueOf(s);
            case Byte b -> BigDecimal.valueOf(b);
            default -> null;
        };
    }
}
