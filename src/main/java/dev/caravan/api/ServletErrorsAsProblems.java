package dev.caravan.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns the errors Camel's servlet sends itself ({@code sendError}: no operation at the path, a
 * method the path does not take, the API stopping) into {@code application/problem+json}, as every
 * other API error is ({@link ApiProblems}).
 */
final class ServletErrorsAsProblems extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void sendError(int status) throws IOException {
                writeProblem(request, response, status);
            }

            @Override
            public void sendError(int status, String message) throws IOException {
                writeProblem(request, response, status);
            }
        });
    }

    private void writeProblem(HttpServletRequest request, HttpServletResponse response, int status) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        HttpProblems.write(response, status, detail(request, status), request.getRequestURI());
        response.flushBuffer();
    }

    private static String detail(HttpServletRequest request, int status) {
        return switch (status) {
            case 404 -> "the API has no operation at " + request.getRequestURI();
            case 405 -> request.getMethod() + " is not an operation of " + request.getRequestURI();
            default -> HttpProblems.detail(status, request.getMethod(), request.getRequestURI());
        };
    }
}
