package dev.caravan.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
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

/** Writes an API answer onto the exchange: status, content type and body. */
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
            throw new BadRequestException("the request body is not valid JSON for this operation: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
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
