package dev.caravan.agent;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks an instance address: an {@code http(s)} URL with a host, or any other Camel endpoint URI
 * ({@code scheme:...}), which is taken as it is because only Camel knows which components exist.
 */
final class InstanceUrls {

    private static final Pattern CAMEL_URI = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:\\S.*");
    private static final Pattern HOST_AND_PORT = Pattern.compile("[a-zA-Z0-9.-]+:\\d+(/.*)?");

    private InstanceUrls() {
    }

    /** @return what is wrong with the address, or empty when it is usable */
    static Optional<String> problem(String url) {
        if (url.isBlank()) {
            return Optional.of("empty instance URL");
        }
        if (HOST_AND_PORT.matcher(url).matches()) {
            return Optional.of("'" + url + "' has no scheme; did you mean 'http://" + url + "'?");
        }
        if (url.startsWith("http://") || url.startsWith("https://")) {
            return httpProblem(url);
        }
        if (CAMEL_URI.matcher(url).matches()) {
            return Optional.empty();
        }
        return Optional.of("'" + url + "' is neither an http(s) URL nor a Camel endpoint URI 'scheme:...'");
    }

    /** Drops a trailing slash from HTTP URLs so that {@code /actions/...} can be appended. */
    static String normalize(String url) {
        boolean http = url.startsWith("http://") || url.startsWith("https://");
        return http && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Optional<String> httpProblem(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                return Optional.of("'" + url + "' has no host");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return Optional.of("'" + url + "' must not have a query or fragment: it is a base URL");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("'" + url + "' is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
    }
}
