package dev.caravan.event;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The query parameters of a {@code /ws/events} connection, percent-decoded as the REST API's are
 * (UTF-8, {@code +} a space), so that {@code type=state%2Echanged} is {@code type=state.changed}:
 * they were taken as sent, encoded.
 */
final class EventSocketQuery {

    private EventSocketQuery() {
    }

    /**
     * Each parameter's first value, decoded.
     *
     * @throws IllegalArgumentException when a name or value is not valid percent-encoding
     */
    static Map<String, String> parse(String query) {
        Map<String, String> values = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return values;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(equals < 0 ? "" : pair.substring(equals + 1), StandardCharsets.UTF_8);
            values.putIfAbsent(name, value);
        }
        return values;
    }
}
