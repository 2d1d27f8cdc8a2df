package dev.caravan.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A problem ({@code application/problem+json}) written straight onto the servlet response, for what
 * is refused before any route runs; the routes' problems are {@link ApiProblems}'.
 */
final class ServletProblems {

    private ServletProblems() {
    }

    static void write(ObjectMapper json, HttpServletRequest request, HttpServletResponse response, int status,
            String detail) throws IOException {
        String title = title(status);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ApiProblems.TYPE_BASE + title.toLowerCase(Locale.ROOT).replace(' ', '-'));
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail == null ? title : detail);
        problem.put("instance", request.getRequestURI());
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(json.writeValueAsBytes(problem));
        response.flushBuffer();
    }

    private static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }
}
