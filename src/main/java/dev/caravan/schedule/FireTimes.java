package dev.caravan.schedule;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** The fire times of a schedule in a stretch of time, oldest first, as Quartz computes them. */
final class FireTimes implements Iterable<Instant> {

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
