package dev.caravan.api;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.coyote.http11.Http11InputBuffer;
import org.apache.tomcat.util.res.StringManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

/**
 * Tomcat's error report as a problem instead of its HTML page: for the requests Tomcat refuses
 * itself, before any filter or servlet (an encoded slash or NUL in the path, a request line or
 * headers too large, a request that is not HTTP), and for any error nothing else wrote a body for.
 * Tomcat's 400 for a request line or headers too large becomes the status HTTP has for each: 414
 * URI Too Long, 431 Request Header Fields Too Large.
 * Takes the place of Tomcat's {@link ErrorReportValve} on the host (see {@link FrontErrorsAsProblems}).
 */
public class ProblemReportValve extends ErrorReportValve {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemReportValve.class);
    /** Tomcat's message for a request line or headers over the limit, in the language Tomcat speaks here. */
    private static final String HEADER_TOO_LARGE = StringManager.getManager(Http11InputBuffer.class)
            .getString("iib.requestheadertoolarge.error");

    /** How much of the request line and headers together Tomcat reads ({@code server.max-http-request-header-size}). */
    private final DataSize headerLimit;

    ProblemReportValve(DataSize headerLimit) {
        this.headerLimit = headerLimit;
    }

    @Override
    protected void report(Request request, Response response, Throwable failure) {
        int status = response.getStatus();
        // as Tomcat's own report: only errors, only when nothing was written, only once
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean writable = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
        if (!writable.get()) {
            return;
        }
        String uri = request.getRequestURI();
        String detail;
        if (status == 400 && tooLarge(failure)) {
            status = requestLineFits(request) ? 431 : 414;
            response.setStatus(status);
            detail = tooLargeDetail(status);
        } else {
            detail = detail(request, response, status, failure);
        }
        try {
            response.setContentType(HttpProblems.MEDIA_TYPE);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(HttpProblems.text(status, detail, uri));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            LOG.debug("The error report of {} {} could not be written: {}", status, uri, e.getMessage());
        }
    }

    private String detail(Request request, Response response, int status, Throwable failure) {
        String uri = request.getRequestURI();
        if (status == 505) {
            return "Caravan takes HTTP/1.1 and HTTP/1.0 requests";
        }
        if (status != 400) {
            // a failure here is one no filter or servlet answered: its message is not the client's business
            return HttpProblems.detail(status, request.getMethod(), uri);
        }
        String path = uri == null ? "" : uri.toUpperCase(Locale.ROOT);
        if (path.contains("%2F") || path.contains("%5C")) {
            return "the path holds an encoded '/' or '\\' (%2F, %5C), which Caravan refuses: an id in a path has neither";
        }
        if (path.contains("%00")) {
            return "the path holds an encoded NUL character (%00), which Caravan refuses";
        }
        if (String.valueOf(response.getMessage()).startsWith("Invalid URI")) {
            return "the path is not valid: its percent-encoding is not UTF-8, or a '..' segment climbs above the root";
        }
        // Tomcat could not parse the request: its reason is about the request, never about Caravan
        String reason = failure == null ? null : firstLine(failure.getMessage());
        if (reason == null) {
            return "the request is not valid HTTP/1.1: check its request line and headers (one Host header, "
                    + "at most one Content-Length, a number, ...)";
        }
        return "the request is not valid HTTP: " + abbreviated(reason);
    }

    /**
     * Tomcat's one refusal of a request line, or of a request line and headers, longer together
     * than it reads ({@code server.max-http-request-header-size}): the same exception and message,
     * and a 400, for both, since its buffer holds them together (Http11InputBuffer).
     */
    private static boolean tooLarge(Throwable failure) {
        return failure instanceof IllegalArgumentException && HEADER_TOO_LARGE.equals(failure.getMessage());
    }

    /**
     * Whether the request line alone is within the limit, so that the headers took the request over
     * it. Tomcat records the request target only once it has read to its end: without one, the line
     * ran past the limit. With one, the line is measured: Tomcat reads more than the limit at a time,
     * and may have read a line over it whole before it found the overflow among the headers
     * (FrontErrorsIT meets both).
     */
    private boolean requestLineFits(Request request) {
        String target = request.getRequestURI();
        if (target == null || target.isEmpty()) {
            return false;
        }
        // "GET /path?query HTTP/1.1" and CR LF, in bytes as sent: Tomcat keeps a character per byte of the target
        long line = length(request.getMethod()) + 1 + target.length() + 1 + length(request.getProtocol()) + 2;
        if (request.getQueryString() != null) {
            line += 1 + request.getQueryString().length();
        }
        return line <= headerLimit.toBytes();
    }

    private static int length(String part) {
        return part == null ? 0 : part.length();
    }

    private String tooLargeDetail(int status) {
        String limit = headerLimit.toKilobytes() + " KB";
        return status == 414
                ? "the request line is longer than the " + limit + " Caravan reads of a request's line and headers "
                        + "together: shorten the path or the query"
                : "the request's headers are larger than Caravan reads: its line and headers together may have at most "
                        + limit + "; send fewer or shorter headers";
    }

    private static String firstLine(String message) {
        return message == null || message.isBlank() ? null : message.lines().findFirst().orElse(message);
    }

    /** The reason may quote the request back, of any length. */
    private static String abbreviated(String text) {
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
