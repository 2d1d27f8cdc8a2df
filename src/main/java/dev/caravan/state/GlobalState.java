package dev.caravan.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.event.EventBus;
import dev.caravan.event.ReportedEvent;
import dev.caravan.run.InvalidRequestException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The global key/value state (the second seed's {@code setState}/{@code getState}), in the
 * database. Writes may name the version they expect (optimistic concurrency): of two writers that
 * read the same version, one wins and the other gets {@link StaleVersionException}. Every write
 * commits a {@code state.changed} event with it, in one transaction, and returns once it is delivered.
 */
@Service
public class GlobalState {

    /**
     * The longest key, in UTF-16 units as H2 counts: a write's {@code state.changed} event carries
     * the key as its correlation id, a column of 200 (the key's own column is wider).
     */
    public static final int MAX_KEY_LENGTH = 200;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final EventBus events;
    private final JdbcEventStore eventStore;
    private final Clock clock;

    GlobalState(JdbcTemplate jdbc, ObjectMapper json, EventBus events, JdbcEventStore eventStore, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
        this.eventStore = eventStore;
        this.clock = clock;
    }

    public Optional<StateEntry> getState(String key) {
        List<StateEntry> found = jdbc.query("SELECT * FROM global_state WHERE state_key = ?",
                (row, index) -> new StateEntry(row.getString("state_key"), read(row.getString("state_value")),
                        row.getLong("version"), row.getTimestamp("updated_at").toInstant()), key);
        return found.stream().findFirst();
    }

    /** Writes a key whatever its version. */
    public StateEntry setState(String key, Object value) {
        return write(key, value, null);
    }

    /**
     * Writes a key if its current version is {@code expectedVersion} (null: whatever it is).
     *
     * @throws StaleVersionException when another write came first
     * @throws InvalidRequestException when the key is longer than {@link #MAX_KEY_LENGTH}
     */
    public StateEntry setState(String key, Object value, Long expectedVersion) {
        return write(key, value, expectedVersion);
    }

    /** Deletes a key (if at {@code expectedVersion} when given); false when there was none. */
    public boolean deleteState(String key, Long expectedVersion) {
        Optional<StateEntry> current = getState(key);
        if (current.isEmpty()) {
            if (expectedVersion != null) {
                throw new StaleVersionException(key, expectedVersion, null);
            }
            return false;
        }
        long version = expectedVersion != null ? expectedVersion : current.get().version();
        int deleted = commitWithEvent(tx -> tx.update("DELETE FROM global_state WHERE state_key = ? AND version = ?",
                key, version), key, null, version, true);
        if (deleted == 0) {
            throw new StaleVersionException(key, version, getState(key).map(StateEntry::version).orElse(null));
        }
        return true;
    }

    private StateEntry write(String key, Object value, Long expectedVersion) {
        if (key.length() > MAX_KEY_LENGTH) {
            throw new InvalidRequestException("a state key has at most " + MAX_KEY_LENGTH + " characters; this one has "
                    + key.length());
        }
        String text = write(value);
        while (true) {
            Optional<StateEntry> current = getState(key);
            if (current.isEmpty()) {
                if (expectedVersion != null) {
                    throw new StaleVersionException(key, expectedVersion, null);
                }
                try {
                    Timestamp at = Timestamp.from(clock.instant());
                    commitWithEvent(tx -> tx.update("INSERT INTO global_state (state_key, state_value, version, "
                            + "updated_at) VALUES (?, ?, 1, ?)", key, text, at), key, value, 1, false);
                    return new StateEntry(key, value, 1, at.toInstant());
                } catch (DuplicateKeyException anotherWriterCreatedIt) {
                    continue;
                }
            }
            long version = expectedVersion != null ? expectedVersion : current.get().version();
            Timestamp at = Timestamp.from(clock.instant());
            int updated = commitWithEvent(tx -> tx.update("UPDATE global_state SET state_value = ?, "
                    + "version = version + 1, updated_at = ? WHERE state_key = ? AND version = ?", text, at, key, version),
                    key, value, version + 1, false);
            if (updated == 1) {
                return new StateEntry(key, value, version + 1, at.toInstant());
            }
            if (expectedVersion != null) {
                throw new StaleVersionException(key, expectedVersion, getState(key).map(StateEntry::version).orElse(null));
            }
            // an unconditional write lost a race with another one: it simply goes after it
        }
    }

    /**
     * Commits a write of a key with its {@code state.changed} event, in one transaction: a write
     * that changed no row (another writer came first) has none. Returns the rows changed, once the
     * event, if any, is delivered.
     */
    private int commitWithEvent(Write<Integer> change, String key, Object value, long version, boolean deleted) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("key", key);
        data.put("value", value);
        data.put("version", version);
        data.put("deleted", deleted);
        ReportedEvent event = events.report("state.changed", key, data);
        int rows = eventStore.commitReported(change, changed -> changed > 0, event);
        if (rows > 0) {
            event.awaitDelivery();
        }
        return rows;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("state values are JSON: " + e.getOriginalMessage(), e);
        }
    }

    private Object read(String text) {
        try {
            return json.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored state is unreadable", e);
        }
    }
}
