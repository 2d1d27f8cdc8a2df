package dev.caravan.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the demo agents see of an HTTP request and give back, apart from the server plumbing. */
final class DemoExchange {

    static final ObjectMapper JSON = new ObjectMapper();

    private DemoExchange() {
    }

    /**
     * @param idempotencyKey the {@code Idempotency-Key} header, or null
     */
    record Request(String method, String path, String idempotencyKey, byte[] body) {
    }

    /** @param allow the {@code Allow} header for a 405, else null */
    record Response(int status, String json, String allow) {

        static Response json(int status, Map<String, Object> body) {
            return new Response(status, write(body), null);
        }

        /** The protocol's failure shape, {@code {"status":"failure","error":...}}. */
        static Response failure(int status, String error) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "failure");
            body.put("error", error);
            return json(status, body);
        }

        static Response methodNotAllowed(String allowed) {
            return new Response(405, failure(405, "use " + allowed).json(), allowed);
        }
    }

    private static String write(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a demo answer as JSON", e);
        }
    }
}
