package dev.caravan.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.testing.CaravanIntegrationTest;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Requests refused before they reach the API's routes (by Tomcat, by Spring Security's firewall,
 * by Spring's error page) are answered with problems too, as the API's own errors are: never
 * Tomcat's HTML page, Spring Boot's JSON error or an empty body.
 */
class FrontErrorsIT extends CaravanIntegrationTest {

    private static final String LINE_TOO_LONG = "the request line is longer than the 8 KB Caravan reads of a request's "
            + "line and headers together: shorten the path or the query";
    private static final String HEADERS_TOO_LARGE = "the request's headers are larger than Caravan reads: its line and "
            + "headers together may have at most 8 KB; send fewer or shorter headers";

    @Test
    void anEncodedSlashOrNulInThePathIsABadRequestProblem() {
        assertProblem(get("/api/workflows/a%2Fb"), 400, "the path holds an encoded '/' or '\\' (%2F, %5C), which "
                + "Caravan refuses: an id in a path has neither", "/api/workflows/a%2Fb");
        assertProblem(get("/api/state/a%00b"), 400, "the path holds an encoded NUL character (%00), which Caravan refuses",
                "/api/state/a%00b");
    }

    @Test
    void aRequestLineLongerThanTomcatReadsIsUriTooLongAndLargeHeadersAreHeaderFieldsTooLarge() {
        String longId = "x".repeat(9_000);

        JsonNode problem = problemOf(get("/api/workflows/" + longId), 414, LINE_TOO_LONG);
        assertThat(problem.get("title").asText()).isEqualTo("URI Too Long");
        assertThat(problem.has("instance")).as("a path of 9,000 characters is not sent back").isFalse();
        HttpResponse<String> largeHeaders = send(authorized(HttpRequest.newBuilder(uri("/api/workflows")))
                .header("X-Large", longId).GET().build());
        assertProblem(largeHeaders, 431, HEADERS_TOO_LARGE, "/api/workflows");
        assertThat(json(largeHeaders).get("title").asText()).isEqualTo("Request Header Fields Too Large");
    }

    /**
     * Tomcat refuses both with one message, whether it had read the request line whole or not: the
     * line's own length decides, one byte over the 8 KB or within them.
     */
    @Test
    void aRequestLineOneByteOverTheLimitIsUriTooLongAndOneWithinItIsNot() throws IOException {
        String prefix = "GET /api/workflows?q=";
        String suffix = " HTTP/1.1\r\n";
        String overByOne = prefix + "x".repeat(8 * 1024 + 1 - prefix.length() - suffix.length()) + suffix;
        String atTheLimit = prefix + "x".repeat(8 * 1024 - prefix.length() - suffix.length()) + suffix;
        String end = "Host: 127.0.0.1\r\nConnection: close\r\n\r\n";

        assertThat(overByOne).hasSize(8 * 1024 + 1);
        assertThat(rawExchange(overByOne + end)).startsWith("HTTP/1.1 414")
                .containsIgnoringCase("Content-Type: application/problem+json").contains(LINE_TOO_LONG);
        assertThat(rawExchange(atTheLimit + end)).startsWith("HTTP/1.1 431")
                .containsIgnoringCase("Content-Type: application/problem+json").contains(HEADERS_TOO_LARGE);
    }

    @Test
    void aPathTheFirewallRefusesIsABadRequestProblemThatNamesWhatItFound() {
        assertProblem(get("/api/workflows/x;y"), 400,
                "the request was refused: the URL contained a potentially malicious String \";\"", "/api/workflows/x;y");
    }

    @Test
    void anUnknownMethodIsAMethodNotAllowedProblem() {
        HttpResponse<String> response = send(authorized(HttpRequest.newBuilder(uri("/api/workflows")))
                .method("FOO", HttpRequest.BodyPublishers.noBody()).build());

        assertProblem(response, 405, "FOO is not an HTTP method Caravan takes: "
                + "it takes GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS", "/api/workflows");
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    }

    /** A request line Tomcat cannot parse: Java's HTTP client will not send one, so it goes over a socket. */
    @Test
    void aRequestThatIsNotValidHttpIsABadRequestProblemWithTomcatsReason() throws IOException {
        String response = rawExchange("GET /api/a|b HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/problem+json");
        JsonNode problem = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(problem.get("detail").asText()).isEqualTo("the request is not valid HTTP: Invalid character found in "
                + "the request target [/api/a|b ]. The valid characters are defined in RFC 7230 and RFC 3986");
        assertThat(response).doesNotContain("<html").doesNotContain("Tomcat");

        String unknownEncoding = rawExchange("POST /api/workflows/execute HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Transfer-Encoding: foo\r\nConnection: close\r\n\r\n");
        assertThat(unknownEncoding).startsWith("HTTP/1.1 501").containsIgnoringCase("Content-Type: application/problem+json")
                .contains("\"detail\":\"Caravan does not implement this: a Transfer-Encoding other than chunked, or CONNECT\"");
    }

    @Test
    void errorsOutsideTheApiAreProblemsAndHealthStaysOpen() {
        assertProblem(get("/no-such-page"), 404, "nothing at /no-such-page", "/no-such-page");
        assertProblem(anonymous("/ws/events"), 401,
                "no credentials, or wrong ones: send HTTP Basic credentials, or log in at /login", "/ws/events");
        HttpResponse<String> health = anonymous("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("UP");
    }

    private static JsonNode problemOf(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isEqualTo(detail);
        return problem;
    }
}
