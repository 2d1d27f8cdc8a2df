package dev.caravan.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Spring Boot's error page ({@code /error}, where the servlet container sends every error a
 * filter or servlet did not answer itself) as a problem, in place of Spring Boot's own JSON error
 * or HTML page: an error of Spring Security, Spring MVC or the actuator reads like the API's.
 */
@Controller
class ErrorPageAsProblem implements ErrorController {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorPageAsProblem.class);

    private final ErrorAttributes errors;

    ErrorPageAsProblem(ErrorAttributes errors) {
        this.errors = errors;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // asked for directly, not sent here by the container: there is no error to tell of
        int status = code instanceof Integer number ? number : 404;
        String path = code == null ? request.getRequestURI() : (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String detail = status >= 500 ? failed(request, path) : HttpProblems.detail(status, request.getMethod(), path);
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        HttpProblems.write(response, status, detail, path);
    }

    /** A failure on the server: its cause goes to the log under a reference, never to the client. */
    private String failed(HttpServletRequest request, String path) {
        String reference = UUID.randomUUID().toString();
        LOG.error("Request {} {} failed, reference {}", request.getMethod(), path, reference,
                errors.getError(new ServletWebRequest(request)));
        return "the request failed on the server; the server log has the details under reference " + reference;
    }
}
