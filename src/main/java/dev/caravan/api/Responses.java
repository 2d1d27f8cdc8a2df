package dev.caravan.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/** Writes an API answer onto the exchange: status, content type and body; reads a request's JSON body. */
@Component
class Responses {

    private static final RequestJson.Kind REQUEST_BODY = new RequestJson.Kind("the request body", "send a JSON object");

    private final ObjectMapper json;
    private final RequestJson requests;

    Responses(ObjectMapper json) {
        this.json = json;
        this.requests = new RequestJson(json);
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
     * The request's JSON body as {@code type}, parsed from the body's stream (RequestJson): read as a
     * String first, through Camel's converters, it cost a reader buffer of 8,192 chars per request.
     */
    <T> T read(Exchange exchange, Class<T> type) {
        T value = readJson(exchange, type, REQUEST_BODY);
        if (value == null) {
            throw new BadRequestException("the request body is null: send a JSON object");
        }
        return value;
    }

    /** Any JSON value, {@code null} included: for a body that need not be an object. */
    Object readAnyJson(Exchange exchange) {
        return readJson(exchange, Object.class, REQUEST_BODY);
    }

    /** Any JSON value, called what {@code kind} says in errors. */
    Object readAnyJson(Exchange exchange, RequestJson.Kind kind) {
        return readJson(exchange, Object.class, kind);
    }

    private <T> T readJson(Exchange exchange, Class<T> type, RequestJson.Kind kind) {
        try {
            return requests.read(exchange.getMessage().getBody(InputStream.class), type, kind);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }

    static String pathParam(Exchange exchange, String name) {
        String value = exchange.getMessage().getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            throw new BadRequestException("missing path parameter " + name);
        }
        return value;
    }
}
