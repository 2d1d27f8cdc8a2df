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

        /** Reads a cursor; a cursor this code did not write is an {@link IllegalArgumentException}. */
        public static Cursor decode(String text) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int bar = raw.indexOf('|');
                return new Cursor(Instant.parse(raw.substring(0, bar)), raw.substring(bar + 1));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cursor is not one this API returned: " + text);
            }
        }
    }

    /** One page of runs, with the cursor of the next page (null on the last). */
    public record Page(java.util.List<RunRecord> runs, String nextCursor) {
    }
}
