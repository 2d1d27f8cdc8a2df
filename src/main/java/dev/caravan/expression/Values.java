package dev.caravan.expression;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** How values read in messages and templates, and which values count as true. */
final class Values {

    private static final int SHOWN_TEXT_LENGTH = 40;

    private Values() {
    }

    /** The kind of a value, for messages: "a number", "null", ... Never a Java class name. */
    static String kind(Object value) {
        return switch (value) {
            case null -> "null";
            case String ignored -> "a string";
            case Number ignored -> "a number";
            case Boolean ignored -> "a boolean";
            case Map<?, ?> ignored -> "a map";
            case List<?> ignored -> "a list";
            default -> "an opaque value";
        };
    }

    /** A short rendering of a value for messages: 3, 'text', true, null, a map. */
    static String show(Object value) {
        return switch (value) {
            case null -> "null";
            case String text -> "'" + (text.length() > SHOWN_TEXT_LENGTH
                    ? text.substring(0, SHOWN_TEXT_LENGTH) + "..." : text) + "'";
            case Number number -> text(number);
            case Boolean bool -> bool.toString();
            default -> kind(value);
        };
    }

    /**
     * Null counts as false so that a condition on a missing output field reads naturally; any
     * other value that is not a boolean is a mistake worth reporting.
     */
    static boolean truth(Object value, ExpressionNode source) {
        return switch (value) {
            case null -> false;
            case Boolean bool -> bool;
            default -> throw new ExpressionProblem("expected true or false but got " + show(value)
                    + (source instanceof ExpressionNode.Literal ? "" : " from " + source.text()));
        };
    }

    /** The text a value takes inside a template or a string concatenation; null is empty. */
    static String text(Object value) {
        return switch (value) {
            case null -> "";
            case String text -> text;
            case Double number when Double.isFinite(number) -> plain(BigDecimal.valueOf(number));
            case Float number when Float.isFinite(number) -> plain(new BigDecimal(number.toString()));
            case BigDecimal number -> plain(number);
            case Map<?, ?> map -> JsonText.write(map);
            case List<?> list -> JsonText.write(list);
            default -> value.toString();
        };
    }

    /** 5.0 reads as 5 and 1E+3 as 1000, as a person would write them. */
    private static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }
}
