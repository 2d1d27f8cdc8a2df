package dev.caravan.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the API's request bodies before Camel's servlet reads them. A body larger than the limit
 * ({@code caravan.api.max-body-size}) is refused with 413; a gzip body ({@code Content-Encoding:
 * gzip}) is inflated here, within that limit, and is a 400 when it is not gzip; any other content
 * coding is a 415. Camel's servlet binding inflated gzip bodies itself, without a limit (a small
 * request could inflate to gigabytes), and a body that was not gzip failed there, before any
 * route, as a 500 with a stack trace in the log.
 *
 * <p>A body of declared length within the limit goes through untouched, as it is streamed to its
 * handler; an inflated body, or one sent without a length (chunked), is read here first.
 */
final class RequestBodies extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBodies.class);

    private final int limit;

    RequestBodies(DataSize limit) {
        if (limit.toBytes() < 1 || limit.toBytes() > DataSize.ofGigabytes(1).toBytes()) {
            throw new IllegalStateException("caravan.api.max-body-size must be from 1B to 1GB, not " + limit);
        }
        this.limit = (int) limit.toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refuse(request, response, 413, "the request body is " + declared + " bytes, more than the "
                    + words(limit) + " the API takes");
            return;
        }
        String coding = contentCoding(request);
        boolean hasBody = declared > 0 || declared < 0 && request.getHeader("Transfer-Encoding") != null;
        if (!hasBody || coding == null && declared >= 0) {
            chain.doFilter(request, response);
            return;
        }
        if (coding != null && !coding.equals("gzip") && !coding.equals("x-gzip")) {
            response.setHeader("Accept-Encoding", "gzip");
            refuse(request, response, 415, "Content-Encoding " + coding + " is not one the API reads: send the body "
                    + "as it is, or gzip-compressed with Content-Encoding: gzip");
            return;
        }
        byte[] body = read(request, response, coding != null);
        if (body != null) {
            chain.doFilter(new BufferedBody(request, body), response);
        }
    }

    /** The whole body, inflated if need be; null when it was refused (the answer is written). */
    private byte[] read(HttpServletRequest request, HttpServletResponse response, boolean gzip) throws IOException {
        byte[] body;
        try (InputStream in = gzip ? new GZIPInputStream(request.getInputStream()) : request.getInputStream()) {
            body = readAtMost(in, limit + 1);
        } catch (ZipException notGzip) {
            refuse(request, response, 400, "the request body is not gzip data, though its Content-Encoding says gzip");
            return null;
        } catch (EOFException truncated) {
            refuse(request, response, 400, "the request body's gzip data ends before its end of stream");
            return null;
        }
        if (body.length > limit) {
            refuse(request, response, 413, "the request body is more than the " + words(limit) + " the API takes"
                    + (gzip ? " once inflated from gzip" : ""));
            return null;
        }
        return body;
    }

    /**
     * Up to {@code most} bytes, fewer at the end of the stream, and not one read more: once it has
     * its bytes, {@code readNBytes} reads again for none, and on Tomcat's request stream such a read
     * can wait for a client that pauses there.
     */
    private static byte[] readAtMost(InputStream in, int most) throws IOException {
        java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream(Math.min(most, 8192));
        byte[] chunk = new byte[8192];
        int count;
        while (read.size() < most && (count = in.read(chunk, 0, Math.min(chunk.length, most - read.size()))) != -1) {
            read.write(chunk, 0, count);
        }
        return read.toByteArray();
    }

    /** The body's content coding in lower case, or null for none ({@code identity} is none). */
    private static String contentCoding(HttpServletRequest request) {
        String coding = request.getHeader("Content-Encoding");
        if (coding == null || coding.isBlank() || coding.trim().equalsIgnoreCase("identity")) {
            return null;
        }
        return coding.trim().toLowerCase(Locale.ROOT);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String detail)
            throws IOException {
        // the path only: a callback's query holds its token
        LOG.debug("Refused the body of {} {}: {}", request.getMethod(), request.getRequestURI(), detail);
        response.resetBuffer();
        HttpProblems.write(response, status, detail, request.getRequestURI());
        response.flushBuffer();
    }

    /** 2 MB, 512 KB or 100 bytes: the limit as it was most likely configured. */
    static String words(long bytes) {
        long mb = DataSize.ofMegabytes(1).toBytes();
        long kb = DataSize.ofKilobytes(1).toBytes();
        if (bytes % mb == 0) {
            return bytes / mb + " MB";
        }
        return bytes % kb == 0 ? bytes / kb + " KB" : bytes + " bytes";
    }
}
