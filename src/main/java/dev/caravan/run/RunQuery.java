package dev.caravan.run;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Which runs to list, newest first: optionally of one status and one workflow, at most
 * {@code limit}, after a cursor that an earlier page returned.
 */
public record RunQuery(RunStatus status, String workflowId, int limit, Cursor after) {

    /** Where a page ended: the last run's start time and id. Opaque to clients. */
    public record Cursor(Instant startTime, String runId) {

        public String encode() {
            String raw = startTime.toString() + "|" + runId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Reads a cursor; one this code did not write is an {@link InvalidRequestException}, a
         * start time no run has (year 10⁹) included: it overflowed where the store compared it.
         */
        public static Cursor decode(String text) {
            Cursor cursor;
            try {
                String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int bar = raw.indexOf('|');
                cursor = new Cursor(Instant.parse(raw.substring(0, bar)), raw.substring(bar + 1));
            } catch (RuntimeException e) {
                throw notOurs(text);
            }
            if (!Instants.supported(cursor.startTime())) {
                throw notOurs(text);
            }
            return cursor;
        }

        private static InvalidRequestException notOurs(String text) {
            return new InvalidRequestException("cursor is not one this API returned: " + text);
        }
    }

    /** One page of runs, with the cursor of the next page (null on the last). */
    public record Page(java.util.List<RunRecord> runs, String nextCursor) {
    }
}
