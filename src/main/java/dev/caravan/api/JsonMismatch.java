package dev.caravan.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Collection;

/**
 * A JSON value of the wrong kind for its place in a request body, in the client's words:
 * {@code /wait in the request body must be true or false, not the number 1}.
 */
final class JsonMismatch {

    private static final int QUOTED = 40;

    private JsonMismatch() {
    }

    /** For a value Jackson could not bind where it stands (its path, the type it wanted). */
    static String describe(JsonMappingException e, JsonParser parser, String noun) {
        String pointer = pointer(e);
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InputCoercionException outOfRange) {
                return outOfRange(outOfRange, pointer, noun);
            }
        }
        Class<?> wanted = e instanceof MismatchedInputException mismatch
                ? mismatch.getTargetType() : null;
        return subject(pointer, noun) + " must be " + expected(wanted) + ", not " + got(parser);
    }

    /** A whole number beyond what its field holds. */
    static String outOfRange(InputCoercionException e, String pointer, String noun) {
        Class<?> target = e.getTargetType();
        String range = target == Long.class || target == long.class
                ? "from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                : "from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        return subject(pointer, noun) + " must be a whole number " + range + ", not " + got(e.getProcessor());
    }

    private static String subject(String pointer, String noun) {
        return pointer.isEmpty() ? noun : pointer + " in " + noun;
    }

    /** The value's place as a JSON pointer (RFC 6901): {@code /params/tags/0}; empty for the whole body. */
    private static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            pointer.append('/');
            pointer.append(step.getFieldName() != null
                    ? step.getFieldName().replace("~", "~0").replace("/", "~1")
                    : String.valueOf(step.getIndex()));
        }
        return pointer.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null || type == Object.class) {
            return "a value of another kind";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /** The value where the parser stands: {@code the number 1}, {@code an array}. */
    private static String got(JsonParser parser) {
        JsonToken token = parser == null ? null : parser.currentToken();
        if (token == null) {
            return "nothing";
        }
        try {
            return switch (token) {
                case START_OBJECT, FIELD_NAME -> "an object";
                case START_ARRAY -> "an array";
                case VALUE_STRING -> "the string " + quoted(parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + parser.getText();
                case VALUE_TRUE -> "true";
                case VALUE_FALSE -> "false";
                case VALUE_NULL -> "null";
                default -> "a value of another kind";
            };
        } catch (IOException unreadable) {
            return "a value of another kind";
        }
    }

    private static String quoted(String text) {
        return "\"" + (text.length() > QUOTED ? text.substring(0, QUOTED) + "..." : text) + "\"";
    }
}
