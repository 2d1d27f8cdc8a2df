package dev.caravan.definition;

/**
 * When a workflow runs by itself, and what happens when fires overlap or were missed.
 *
 * @param cron a 5-field cron expression, or a 6/7-field Quartz expression
 * @param timezone an IANA zone name, default {@code UTC}
 * @param concurrency how many scheduled runs may go at once, and what a fire beyond that does
 * @param catchup what happens to the fires missed while Caravan was down
 */
public record ScheduleDefinition(String cron, String timezone, Concurrency concurrency, Catchup catchup) {

    /** A schedule with the defaults: one scheduled run at a time, a fire while it goes is skipped; the latest missed fire runs. */
    public ScheduleDefinition(String cron, String timezone) {
        this(cron, timezone, Concurrency.DEFAULT, Catchup.LATEST);
    }

    public ScheduleDefinition {
        concurrency = concurrency == null ? Concurrency.DEFAULT : concurrency;
        catchup = catchup == null ? Catchup.LATEST : catchup;
    }

    /** The cron as Quartz reads it (see {@link QuartzCron}); a bound definition's cron always translates. */
    public String quartzCron() {
        return QuartzCron.toQuartz(cron);
    }

    /**
     * {@code concurrency: { limit, on_limit }}.
     *
     * @param limit how many scheduled runs of the workflow may be queued or running at once, at least 1
     * @param onLimit what a fire does when that many are
     */
    public record Concurrency(int limit, OnLimit onLimit) {

        public static final Concurrency DEFAULT = new Concurrency(1, OnLimit.SKIP);
    }

    /** What a fire does when the limit of scheduled runs is reached. */
    public enum OnLimit {
        /** No run for this fire; a {@code workflow.run.skipped} event says so. */
        SKIP,
        /** A run stored as queued, started when an earlier one ends. */
        QUEUE
    }

    /** Which of the fires missed while Caravan was down get a run at start-up. */
    public enum Catchup {
        NONE, LATEST, ALL
    }
}
