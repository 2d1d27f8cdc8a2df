package dev.caravan.definition;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations of the workflow language: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h},
 * {@code 1d}, combinations from the largest unit down ({@code 1h30m}), and ISO-8601 ({@code PT30S}).
 * A bare number is refused: nobody can tell whether {@code 30} means seconds or milliseconds.
 */
final class DurationParser {

    private static final String SHORT = "(?=[0-9])(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?";
    private static final String ISO = "P(?=[0-9T])(?:[0-9]+D)?(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\\.[0-9]+)?S)?)?";

    /** The accepted forms as one regular expression, shared with the JSON Schema so editors agree. */
    static final String PATTERN = "^(?:" + SHORT + "|" + ISO + ")$";

    static final String EXPECTED = "expected a duration like 30s or 500ms";

    private static final Pattern SHORT_FORM = Pattern.compile("^" + SHORT + "$");
    private static final Pattern ISO_FORM = Pattern.compile("^" + ISO + "$");

    private DurationParser() {
    }

    /** The duration {@code text} stands for, empty when it is not one. */
    static Optional<Duration> parse(String text) {
        if (ISO_FORM.matcher(text).matches()) {
            try {
                return Optional.of(Duration.parse(text));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        Matcher parts = SHORT_FORM.matcher(text);
        if (!parts.matches()) {
            return Optional.empty();
        }
        try {
            Duration total = Duration.ZERO
                    .plusDays(number(parts.group(1)))
                    .plusHours(number(parts.group(2)))
                    .plusMinutes(number(parts.group(3)))
                    .plusSeconds(number(parts.group(4)))
                    .plusMillis(number(parts.group(5)));
            return Optional.of(total);
        } catch (ArithmeticException | NumberFormatException e) {
            // more digits than a long holds: not a duration anyone means
            return Optional.empty();
        }
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
