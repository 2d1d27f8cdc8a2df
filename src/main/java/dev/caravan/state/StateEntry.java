package dev.caravan.state;

import java.time.Instant;

/**
 * One key of the global state.
 *
 * @param value any JSON value
 * @param version counts the key's writes; the API's ETag
 */
public record StateEntry(String key, Object value, long version, Instant updatedAt) {
}
