package dev.caravan.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * Problems (RFC 9457) for errors answered outside the API's routes: by Camel's servlet, Spring
 * Security, Spring's error page and Tomcat itself. Same fields as {@link ApiProblems}' problems;
 * the title is the status's reason phrase.
 */
final class HttpProblems {

    static final String MEDIA_TYPE = "application/problem+json";
    /** Longer request URIs are left out of the problem: a client sent them, it need not read them back. */
    private static final int LONGEST_INSTANCE = 512;
    /**
     * Every character outside ASCII escaped: Tomcat's error report writer encodes in ISO-8859-1,
     * and the path a client sent (the instance) may hold any character.
     */
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private HttpProblems() {
    }

    /** The problem as JSON text of ASCII characters only; the instance is left out when null or very long. */
    static String text(int status, String detail, String instance) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ApiProblems.TYPE_BASE + title.toLowerCase(Locale.ROOT).replace(' ', '-'));
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        if (instance != null && !instance.isEmpty() && instance.length() <= LONGEST_INSTANCE) {
            problem.put("instance", instance);
        }
        try {
            return JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and a number did not write as JSON", e);
        }
    }

    /**
     * What a status means to the client, for errors that come with no explanation of their own (a
     * servlet's {@code sendError}, a page Spring Security refused). A 500 has its own detail, with a
     * reference to the server log: see the error page.
     */
    static String detail(int status, String method, String path) {
        return switch (status) {
            case 400 -> "the request is not valid: check its path, query, headers and body";
            case 401 -> "no credentials, or wrong ones: send HTTP Basic credentials, or log in at /login";
            case 403 -> "refused: the credentials sent may not do this, or a form was sent without its CSRF token";
            case 404 -> "nothing at " + path;
            case 405 -> method + " is not allowed at " + path;
            case 413 -> "the request body is too large";
            case 417 -> "the only expectation Caravan meets is Expect: 100-continue";
            case 501 -> "Caravan does not implement this: a Transfer-Encoding other than chunked, or CONNECT";
            case 503 -> "Caravan is not ready (starting or stopping): try again later";
            default -> "the request failed with HTTP status " + status;
        };
    }

    /** Writes the problem as the whole response; the caller makes sure nothing was written before. */
    static void write(HttpServletResponse response, int status, String detail, String instance) throws IOException {
        byte[] body = text(status, detail, instance).getBytes(StandardCharsets.US_ASCII);
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
