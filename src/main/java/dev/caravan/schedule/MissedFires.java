package dev.caravan.schedule;

import dev.caravan.definition.ScheduleDefinition.Catchup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The fires of a schedule missed in a stretch of time, and which of them a {@code catchup:} policy
 * runs.
 *
 * <p>The work is in proportion to the fires kept, not to the fires missed: a schedule of every
 * second that was down for a month missed 2.6 million fires, which Quartz takes seconds to list,
 * and the start-up waits for catch-up. So the latest fires are looked for in windows before the end
 * of the stretch, each twice as long as the one before, and the fires missed are counted up to
 * {@link #COUNT_LIMIT} only.
 *
 * @param kept the fire times to run, oldest first
 * @param total how many fires were missed in all, or {@link #COUNT_LIMIT} when at least that many
 */
record MissedFires(List<Instant> kept, long total) {

    /** {@code catchup: all} runs at most this many missed fires, the latest ones. */
    static final int ALL_CAP = 100;

    /** Missed fires are counted up to this many; a count that reaches it means "at least". */
    static final int COUNT_LIMIT = 10_000;

    private static final Duration FIRST_WINDOW = Duration.ofMinutes(1);

    /** Whether {@link #total} is a lower bound: at least that many fires were missed. */
    boolean totalIsAtLeast() {
        return total >= COUNT_LIMIT;
    }

    /** The fires after {@code after} up to {@code until} included, kept as {@code policy} says. */
    static MissedFires of(String quartzCron, String timezone, Instant after, Instant until, Catchup policy) {
        int keep = switch (policy) {
            case NONE -> 0;
            case LATEST -> 1;
            case ALL -> ALL_CAP;
        };
        return new MissedFires(latest(keep, quartzCron, timezone, after, until),
                count(quartzCron, timezone, after, until));
    }

    /** The latest {@code keep} fires of the stretch, oldest first. */
    private static List<Instant> latest(int keep, String quartzCron, String timezone, Instant after, Instant until) {
        if (keep == 0) {
            return List.of();
        }
        Duration window = FIRST_WINDOW;
        while (true) {
            Instant from = until.minus(window);
            boolean wholeStretch = !from.isAfter(after);
            ArrayDeque<Instant> latest = new ArrayDeque<>();
            for (Instant fire : new FireTimes(quartzCron, timezone, wholeStretch ? after : from, until)) {
                latest.addLast(fire);
                if (latest.size() > keep) {
                    latest.removeFirst();
                }
            }
            if (latest.size() == keep || wholeStretch) {
                return List.copyOf(latest);
            }
            window = window.multipliedBy(2);
        }
    }

    private static long count(String quartzCron, String timezone, Instant after, Instant until) {
        long total = 0;
        for (Instant ignored : new FireTimes(quartzCron, timezone, after, until)) {
            if (++total == COUNT_LIMIT) {
                break;
            }
        }
        return total;
    }
}
