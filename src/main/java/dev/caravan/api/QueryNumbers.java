package dev.caravan.api;

import org.apache.camel.Message;

/**
 * Whole-number query parameters, read from the query string as the client wrote them
 * ({@link QueryParameters}): Camel's own conversion of a header to a number failed with a type
 * conversion error, answered 500 where the client's typo deserves a 400 that says which parameter
 * and what it got.
 */
final class QueryNumbers {

    private QueryNumbers() {
    }

    /** The parameter as a number in [min, max], or {@code absent} when the request has none. */
    static long within(Message message, String name, long absent, long min, long max) {
        String text = QueryParameters.first(message, name);
        if (text == null || text.isBlank()) {
            return absent;
        }
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException notANumber) {
            throw new BadRequestException(name + " must be a whole number " + range(min, max) + ", was '" + text + "'");
        }
        if (value < min || value > max) {
            throw new BadRequestException(name + " must be " + range(min, max) + ", was " + value);
        }
        return value;
    }

    private static String range(long min, long max) {
        return max == Long.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
    }
}
