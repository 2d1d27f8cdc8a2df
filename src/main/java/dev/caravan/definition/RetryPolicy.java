package dev.caravan.definition;

import java.time.Duration;

/**
 * How a failed agent call is tried again. Only transport errors, timeouts, HTTP 5xx and 429 are
 * retried; a Retry-After header overrides the computed delay.
 *
 * @param maxAttempts attempts in all, the first included (1 means no retry)
 * @param backoff how the delay grows between attempts
 * @param delay the first delay
 * @param maxDelay the cap on any delay
 * @param jitter whether delays are spread at random (about 15% either way) so retries do not align
 */
public record RetryPolicy(int maxAttempts, Backoff backoff, Duration delay, Duration maxDelay, boolean jitter) {

    public static final RetryPolicy NONE = new RetryPolicy(1, Backoff.FIXED, Duration.ZERO, Duration.ZERO, false);
    public static final Duration DEFAULT_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);

    /** How the delay between attempts grows. */
    public enum Backoff { FIXED, LINEAR, EXPONENTIAL }

    /** The delay before attempt {@code attempt + 1}, for {@code attempt >= 1}, before jitter. */
    public Duration delayAfter(int attempt) {
        long base = delay.toMillis();
        long millis = switch (backoff) {
            case FIXED -> base;
            case LINEAR -> base * attempt;
            case EXPONENTIAL -> base * (1L << Math.min(attempt - 1, 30));
        };
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }
}
