package dev.caravan.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * An operation's query parameters, read from the query string alone. Camel's servlet binding puts
 * request headers and query parameters into one map of message headers, so read from there a
 * request header {@code status: failed} filtered a list as {@code ?status=failed} would.
 */
final class QueryParameters {

    private QueryParameters() {
    }

    /**
     * The first value of the parameter, percent-decoded as a form's (UTF-8, {@code +} a space), or
     * null when the query string has none.
     *
     * @throws BadRequestException when that value is not valid percent-encoding
     */
    static String first(Message message, String name) {
        String query = message.getHeader(Exchange.HTTP_QUERY, String.class);
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            if (name.equals(decodedOrNull(rawName))) {
                String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
                String value = decodedOrNull(rawValue);
                if (value == null) {
                    throw new BadRequestException("the query parameter " + name + " is not valid percent-encoding: " + rawValue);
                }
                return value;
            }
        }
        return null;
    }

    /** Null when the text is not valid percent-encoding (a parameter of that name cannot be told). */
    private static String decodedOrNull(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEncoding) {
            return null;
        }
    }
}
