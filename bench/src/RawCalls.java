import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/**
 * Lower bound 1: the agent calls alone. A plain {@code java.net.http} call of the stub, with the
 * same request body and header an agent gets from Caravan, and nothing else: no state, no
 * orchestration. Whatever Caravan does on top of this is its cost.
 */
final class RawCalls {

    private final HttpClient http;
    private final String stubBase;

    RawCalls(HttpClient http, String stubBase) {
        this.http = http;
        this.stubBase = stubBase;
    }

    /** One call of {@code /lat/<latencyMillis>/actions/work}; returns how long it took, in ms. */
    double call(String runId, String stepId, long latencyMillis) throws Exception {
        String body = """
                {"runId":"%s","workflow":"floor","stepId":"%s","attempt":1,"params":{},"callbackUrl":"http://127.0.0.1/none"}"""
                .formatted(runId, stepId);
        HttpRequest request = HttpRequest.newBuilder(URI.create(stubBase + "/lat/" + latencyMillis + "/actions/work"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", runId + ":" + stepId)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"success\"")) {
            throw new IllegalStateException("stub answered " + response.statusCode() + " " + response.body());
        }
        return (System.nanoTime() - start) / 1e6;
    }

    double call(long latencyMillis) throws Exception {
        return call(UUID.randomUUID().toString(), "work", latencyMillis);
    }
}
