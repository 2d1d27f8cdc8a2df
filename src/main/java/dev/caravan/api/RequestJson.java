package dev.caravan.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Collectors;

/**
 * Reads a request's JSON body strictly, and says what is wrong with one in the client's terms:
 * where (a JSON pointer), what was expected and what came, never a Java type (Jackson's own
 * messages named {@code RunApi$ExecuteBody} and {@code java.lang.Boolean}).
 *
 * <p>Strict where Jackson would otherwise guess: a misspelt field is an error, not a silent default
 * (Spring's mapper ignores unknown fields, which suits what Caravan reads from others, not what it
 * is asked to do); a number is not a boolean ({@code "wait": 1} was taken as true); a fraction is
 * not a whole number (2.5 was taken as 2); and nothing may follow the value ({@code {...} xyz} was
 * taken as {@code {...}}).
 */
final class RequestJson {

    /** What a body is called in errors ("the request body"), and what to send when there is none. */
    record Kind(String noun, String wanted) {
    }

    private final ObjectReader reader;
    private final int maxNesting;

    /** @param shared the application's mapper: its buffers and nesting limit are kept */
    RequestJson(ObjectMapper shared) {
        ObjectMapper strict = shared.copy();
        strict.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        this.reader = strict.reader()
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        this.maxNesting = shared.getFactory().streamReadConstraints().getMaxNestingDepth();
    }

    /**
     * The body as {@code type}, {@code null} for a body that is JSON null.
     *
     * @throws BadRequestException for no body, or one that is not JSON of that shape, naming what is wrong
     */
    <T> T read(InputStream body, Class<T> type, Kind kind) throws IOException {
        if (body == null) {
            throw noBody(kind);
        }
        try (JsonParser parser = reader.createParser(body)) {
            try {
                if (parser.nextToken() == null) {
                    throw noBody(kind);
                }
                T value = reader.forType(type).readValue(parser);
                requireEnd(parser, kind);
                return value;
            } catch (UnrecognizedPropertyException e) {
                // no line and column: Jackson places them past the field's value, not at its name
                throw new BadRequestException(kind.noun() + " has an unknown field '" + e.getPropertyName()
                        + "'; this operation takes " + known(e));
            } catch (JsonProcessingException e) {
                throw new BadRequestException(describe(e, parser, kind));
            }
        }
    }

    private String describe(JsonProcessingException e, JsonParser parser, Kind kind) {
        if (nestedTooDeep(e)) {
            return kind.noun() + " nests deeper than " + maxNesting + " levels";
        }
        if (e instanceof JsonMappingException mapping) {
            return JsonMismatch.describe(mapping, parser, kind.noun());
        }
        if (e instanceof InputCoercionException outOfRange) {
            return JsonMismatch.outOfRange(outOfRange, parser.getParsingContext().pathAsPointer().toString(), kind.noun());
        }
        return kind.noun() + " is not valid JSON for this operation: " + e.getOriginalMessage() + where(e);
    }

    /** Jackson's own limit, met while binding (wrapped in a mapping error) or while parsing. */
    private static boolean nestedTooDeep(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof StreamConstraintsException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Nothing but white space may follow the value. Jackson's FAIL_ON_TRAILING_TOKENS checks the
     * same, but says so with the Java type the value was bound to, and no place.
     */
    private static void requireEnd(JsonParser parser, Kind kind) throws IOException {
        String where;
        try {
            if (parser.nextToken() == null) {
                return;
            }
            where = where(parser.currentTokenLocation().getLineNr(), parser.currentTokenLocation().getColumnNr());
        } catch (StreamReadException notJson) {
            where = where(notJson);
        }
        throw new BadRequestException(kind.noun() + " goes on after its JSON value" + where + ": send one JSON value");
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : where(e.getLocation().getLineNr(), e.getLocation().getColumnNr());
    }

    private static String where(int line, int column) {
        return " (line " + line + ", column " + column + ")";
    }

    private static String known(UnrecognizedPropertyException e) {
        return e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static BadRequestException noBody(Kind kind) {
        return new BadRequestException("the request has no body: " + kind.wanted());
    }
}
