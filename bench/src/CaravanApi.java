import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few calls of Caravan's REST API the bench makes, as user admin over HTTP Basic. */
final class CaravanApi {

    private static final Pattern RUN_ID = Pattern.compile("\"workflowId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern METRIC_VALUE = Pattern.compile("\"value\"\\s*:\\s*([-0-9.Ee+]+)");

    private final HttpClient http;
    private final String base;
    private final String authorization;

    CaravanApi(HttpClient http, String base, String adminPassword) {
        this.http = http;
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code POST /api/workflows/execute}; with {@code wait} the answer comes when the run has ended
     * (200), else as soon as it is created (202). Returns the run's id.
     */
    String execute(String workflow, boolean wait) throws Exception {
        String body = "{\"workflow\":\"" + workflow + "\",\"wait\":" + wait + "}";
        HttpResponse<String> response = http.send(request("/api/workflows/execute")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        int expected = wait ? 200 : 202;
        if (response.statusCode() == 503) {
            // Spring MVC's answer when an async request outlives its timeout: the run goes on without us
            throw new IllegalStateException("execute " + workflow + ": 503, no answer within the server's async request timeout");
        }
        if (response.statusCode() != expected) {
            throw new IllegalStateException("execute " + workflow + ": " + response.statusCode() + " " + response.body());
        }
        Matcher runId = RUN_ID.matcher(response.body());
        if (!runId.find()) {
            throw new IllegalStateException("execute " + workflow + ": no workflowId in " + response.body());
        }
        return runId.group(1);
    }

    /** The HTTP status of a GET, for polls such as "is this definition deployed yet". */
    int status(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** One value of {@code /actuator/metrics/<name>} (a tag as {@code area:heap}, or null). */
    double metric(String name, String tag) throws Exception {
        String path = "/actuator/metrics/" + name + (tag == null ? "" : "?tag=" + tag);
        HttpResponse<String> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher value = METRIC_VALUE.matcher(response.body());
        if (response.statusCode() != 200 || !value.find()) {
            throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
        }
        return Double.parseDouble(value.group(1));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization);
    }
}
