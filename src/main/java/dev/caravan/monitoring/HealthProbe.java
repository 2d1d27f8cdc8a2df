package dev.caravan.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks one instance {@code GET {url}/health} (DESIGN.md section 4): healthy when it answers 2xx
 * and, if its body is JSON with a {@code status}, that status is {@code UP}. The whole exchange,
 * connection and body included, is bounded by the timeout, so a hung instance holds a poll no
 * longer than that.
 */
final class HealthProbe implements AutoCloseable {

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration timeout;
    private final ObjectMapper json;
    /**
     * Made at the first check, after start-up: building a JDK HttpClient sets up TLS and loads
     * its classes, a tenth of a second on the start-up's one busy thread.
     */
    private HttpClient http;

    HealthProbe(Duration timeout, ObjectMapper json) {
        this.timeout = timeout;
        this.json = json;
    }

    /** Never fails: a problem reaching the instance is a {@link HealthCheck} that is down. */
    CompletableFuture<HealthCheck> check(String agent, String instance) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(instance + "/health")).timeout(timeout)
                .header("Accept", "application/json").GET().build();
        return http().sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(response -> judge(agent, instance, response))
                .exceptionally(failure -> new HealthCheck(agent, instance, false, unreachable(failure)));
    }

    private HealthCheck judge(String agent, String instance, HttpResponse<String> response) {
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            return new HealthCheck(agent, instance, false, "GET /health answered HTTP " + response.statusCode());
        }
        String status = statusOf(response.body());
        if (status != null && !status.toUpperCase(Locale.ROOT).equals(HealthCheck.UP)) {
            return new HealthCheck(agent, instance, false, "GET /health answered status " + status);
        }
        return new HealthCheck(agent, instance, true, null);
    }

    private String statusOf(String body) {
        try {
            JsonNode answer = json.readTree(body == null ? "" : body);
            return answer != null && answer.hasNonNull("status") ? answer.get("status").asText() : null;
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    private String unreachable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return "no answer to GET /health within " + timeout.toMillis() + "ms";
        }
        String message = cause.getMessage();
        return "GET /health failed: " + cause.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(timeout).executor(threads)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.shutdownNow();
        }
        threads.shutdownNow();
    }
}
