package dev.caravan.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A plain java.net.http client speaking the agent protocol to a demo fleet, for tests. */
final class DemoClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    DemoClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    static int freePort() {
        return dev.caravan.testing.FreePorts.next();
    }

    /** Calls an action with the protocol's request body; a null key sends no Idempotency-Key. */
    HttpResponse<String> call(String agentId, String action, Map<String, Object> params, String idempotencyKey) {
        Map<String, Object> body = Map.of("runId", "run-1", "workflow", "demo-test", "stepId", action,
                "attempt", 1, "params", params, "callbackUrl", "http://127.0.0.1:1/callback");
        try {
            return post("/" + agentId + "/actions/" + action, JSON.writeValueAsString(body), idempotencyKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> post(String path, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build());
    }

    static Map<String, Object> json(HttpResponse<String> response) {
        try {
            return JSON.readValue(response.body(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> output(HttpResponse<String> response) {
        return (Map<String, Object>) json(response).get("output");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
