package dev.caravan.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/** Writes an API answer onto the exchange: status, content type and body; reads a request's JSON body. */
@Component
class Responses {

    private final ObjectMapper json;

    Responses(ObjectMapper json) {
        this.json = json;
    }

    void json(Exchange exchange, int status, Object body) {
        write(exchange, status, "application/json", body);
    }

    void write(Exchange exchange, int status, String contentType, Object body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        try {
            message.setBody(body instanceof String text ? text : json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
    }

    /**
     * The request's JSON body as {@code type}, parsed from the body's stream: read as a String first,
     * through Camel's converters, it cost a reader buffer of 8,192 chars per request.
     */
    <T> T read(Exchange exchange, Class<T> type) {
        T value = readJson(exchange, type);
        if (value == null) {
            throw new BadRequestException("the request body is null: send a JSON object");
        }
        return value;
    }

    /** Any JSON value, {@code null} included: for a body that need not be an object. */
    Object readAnyJson(Exchange exchange) {
        return readJson(exchange, Object.class);
    }

    private <T> T readJson(Exchange exchange, Class<T> type) {
        InputStream body = exchange.getMessage().getBody(InputStream.class);
        if (body == null) {
            throw noBody();
        }
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() == null) {
                throw noBody();
            }
            // a misspelt field ("wiat") is an error, not a silent default: Spring's mapper ignores
            // unknown fields, which suits what Caravan reads from others, not what it is asked to do.
            // (No line and column: Jackson places them past the field's value, not at its name.)
            return json.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(parser);
        } catch (UnrecognizedPropertyException e) {
            throw new BadRequestException("the request body has an unknown field '" + e.getPropertyName()
                    + "'; this operation takes " + known(e));
        } catch (JsonProcessingException e) {
            if (nestedTooDeep(e)) {
                throw new BadRequestException("the request body nests deeper than "
                        + json.getFactory().streamReadConstraints().getMaxNestingDepth() + " levels");
            }
            throw new BadRequestException("the request body is not valid JSON for this operation: "
                    + e.getOriginalMessage() + where(e));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }

    /** Jackson's own limit, met while binding (wrapped in a mapping error) or while parsing. */
    static boolean nestedTooDeep(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof StreamConstraintsException) {
                return true;
            }
        }
        return false;
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String known(UnrecognizedPropertyException e) {
        return e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static BadRequestException noBody() {
        return new BadRequestException("the request has no body: send a JSON object");
    }

    static String pathParam(Exchange exchange, String name) {
        String value = exchange.getMessage().getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            throw new BadRequestException("missing path parameter " + name);
        }
        return value;
    }
}
