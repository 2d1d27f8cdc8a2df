package dev.caravan.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A query that is not valid percent-encoding ({@code ?after=%zz}) is a 400 problem: on the events
 * socket's handshake Tomcat failed on it with a 500, building the socket's URI.
 */
final class QueryEncodingCheck extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && !decodable(query)) {
            HttpProblems.write(response, 400, "the query is not valid percent-encoding: "
                    + (query.length() <= 100 ? query : query.substring(0, 97) + "..."), request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean decodable(String query) {
        try {
            URLDecoder.decode(query, StandardCharsets.UTF_8);
            return true;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
