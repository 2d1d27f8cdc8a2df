package dev.caravan.run;

import java.time.Instant;

/**
 * The instants a client may name (a cursor's, a backfill's range): years 1 to 9999, those ISO-8601
 * writes without a sign. Further out, Java's Date and Timestamp overflow (year 10⁹ made a backfill
 * or a cursor fail with {@code long overflow}), and no schedule fires there.
 */
public final class Instants {

    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Instants() {
    }

    public static boolean supported(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /** For a message: {@code from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z}. */
    public static String range() {
        return "from " + EARLIEST + " to " + LATEST;
    }
}
