package dev.caravan.schedule;

import dev.caravan.run.InvalidRequestException;
import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** The fire times of a schedule in a stretch of time, oldest first, as Quartz computes them. */
final class FireTimes implements Iterable<Instant> {

    /** Quartz starts every schedule's years at 1970: asked for a fire time before, it gives one in 1970. */
    static final int FIRST_YEAR = 1970;
    /** Quartz finds no fire time after the year it was loaded in + 100 ({@link CronExpression#MAX_YEAR}). */
    static final int LAST_YEAR = CronExpression.MAX_YEAR;

    private final CronExpression cron;
    private final Instant after;
    private final Instant until;

    /** The fire times after {@code after} (excluded) up to {@code until} (included). */
    FireTimes(String quartzCron, String timezone, Instant after, Instant until) {
        try {
            this.cron = new CronExpression(quartzCron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("a validated schedule did not parse: " + quartzCron, e);
        }
        cron.setTimeZone(TimeZone.getTimeZone(timezone));
        this.after = after;
        this.until = until;
    }

    /**
     * Checks that Quartz computes every fire time from {@code from} to {@code to}: both must lie in
     * the years {@link #FIRST_YEAR} to {@link #LAST_YEAR} of the schedule's time zone. Outside them
     * Quartz silently gave fire times of 1970 for earlier ones, and none for later ones.
     *
     * @throws InvalidRequestException naming the range, when either lies outside it
     */
    static void checkComputable(String timezone, Instant from, Instant to) {
        ZoneId zone = TimeZone.getTimeZone(timezone).toZoneId();
        Instant first = LocalDate.of(FIRST_YEAR, 1, 1).atStartOfDay(zone).toInstant();
        Instant end = LocalDate.of(LAST_YEAR + 1, 1, 1).atStartOfDay(zone).toInstant();
        String outside = from.isBefore(first) || !from.isBefore(end) ? "from was " + from
                : to.isBefore(first) || !to.isBefore(end) ? "to was " + to : null;
        if (outside != null) {
            throw new InvalidRequestException("from and to must lie in the years " + FIRST_YEAR + " to " + LAST_YEAR
                    + " of the schedule's time zone, " + timezone + ": no fire time is computed outside them (from "
                    + first + ", before " + end + "); " + outside);
        }
    }

    @Override
    public Iterator<Instant> iterator() {
        return new Iterator<>() {
            private Date next = cron.getNextValidTimeAfter(Date.from(after));

            @Override
            public boolean hasNext() {
                return next != null && !next.toInstant().isAfter(until);
            }

            @Override
            public Instant next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Date current = next;
                next = cron.getNextValidTimeAfter(current);
                return current.toInstant();
            }
        };
    }
}
