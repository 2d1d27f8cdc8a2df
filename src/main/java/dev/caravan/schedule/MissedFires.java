package dev.caravan.schedule;

import dev.caravan.definition.ScheduleDefinition.Catchup;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The fires of a schedule missed in a stretch of time, and which of them a {@code catchup:} policy
 * runs.
 *
 * @param kept the fire times to run, oldest first
 * @param total how many fires were missed in all
 */
record MissedFires(List<Instant> kept, long total) {

    /** {@code catchup: all} runs at most this many missed fires, the latest ones. */
    static final int ALL_CAP = 100;

    /** The fires after {@code after} up to {@code until} included, kept as {@code policy} says. */
    static MissedFires of(String quartzCron, String timezone, Instant after, Instant until, Catchup policy) {
        int keep = switch (policy) {
            case NONE -> 0;
            case LATEST -> 1;
            case ALL -> ALL_CAP;
        };
        ArrayDeque<Instant> latest = new ArrayDeque<>();
        long total = 0;
        for (Instant fire : new FireTimes(quartzCron, timezone, after, until)) {
            total++;
            latest.addLast(fire);
            if (latest.size() > keep) {
                latest.removeFirst();
            }
        }
        return new MissedFires(List.copyOf(latest), total);
    }
}
