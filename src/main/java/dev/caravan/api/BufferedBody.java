package dev.caravan.api;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A request whose body has been read already (inflated from gzip, or sent without a length): it
 * reads as a plain body of known length. Content-Encoding and Transfer-Encoding are hidden, so
 * that Camel's servlet binding does not inflate the body a second time.
 */
final class BufferedBody extends HttpServletRequestWrapper {

    private static final String CONTENT_LENGTH = "Content-Length";
    private static final List<String> HIDDEN = List.of("content-encoding", "transfer-encoding", "content-length");

    private final byte[] body;
    private ServletInputStream stream;

    BufferedBody(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
        if (stream == null) {
            stream = new BytesInputStream(body);
        }
        return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public String getHeader(String name) {
        if (name.equalsIgnoreCase(CONTENT_LENGTH)) {
            return String.valueOf(body.length);
        }
        return hidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (name.equalsIgnoreCase(CONTENT_LENGTH)) {
            return Collections.enumeration(List.of(String.valueOf(body.length)));
        }
        return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        for (String name : Collections.list(super.getHeaderNames())) {
            if (!hidden(name)) {
                names.add(name);
            }
        }
        names.add(CONTENT_LENGTH);
        return Collections.enumeration(names);
    }

    @Override
    public int getIntHeader(String name) {
        return name.equalsIgnoreCase(CONTENT_LENGTH) ? body.length : hidden(name) ? -1 : super.getIntHeader(name);
    }

    private static boolean hidden(String name) {
        return HIDDEN.contains(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** The body from memory: always ready, finished once read. */
    private static final class BytesInputStream extends ServletInputStream {

        private final ByteArrayInputStream bytes;

        BytesInputStream(byte[] body) {
            this.bytes = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return bytes.read(buffer, offset, length);
        }

        @Override
        public int available() {
            return bytes.available();
        }

        @Override
        public boolean isFinished() {
            return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("the body is read already: read it blocking");
        }
    }
}
