package dev.caravan.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.event.EventBus;
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
 * publishes {@code state.changed}.
 */
@Service
public class GlobalState {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final EventBus events;
    private final Clock clock;

    public GlobalState(JdbcTemplate jdbc, ObjectMapper json, EventBus events, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
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
        int deleted = jdbc.update("DELETE FROM global_state WHERE state_key = ? AND version = ?", key, version);
        if (deleted == 0) {
            throw new StaleVersionException(key, version, getState(key).map(StateEntry::version).orElse(null));
        }
        changed(key, null, version, true);
        return true;
    }

    private StateEntry write(String key, Object value, Long expectedVersion) {
        String text = write(value);
        Instant now = clock.instant();
        Timestamp at = Timestamp.from(now);
        while (true) {
            Optional<StateEntry> current = getState(key);
            if (current.isEmpty()) {
                if (expectedVersion != null) {
                    throw new StaleVersionException(key, expectedVersion, null);
                }
                try {
                    jdbc.update("INSERT INTO global_state (state_key, state_value, version, updated_at) VALUES (?, ?, 1, ?)",
                            key, text, at);
                    return changed(key, value, 1, false);
                } catch (DuplicateKeyException anotherWriterCreatedIt) {
                    continue;
                }
            }
            long version = expectedVersion != null ? expectedVersion : current.get().version();
            int updated = jdbc.update("UPDATE global_state SET state_value = ?, version = version + 1, updated_at = ? "
                    + "WHERE state_key = ? AND version = ?", text, at, key, version);
            if (updated == 1) {
                return changed(key, value, version + 1, false);
            }
            if (expectedVersion != null) {
                throw new StaleVersionException(key, expectedVersion, getState(key).map(StateEntry::version).orElse(null));
            }
            // an unconditional write lost a race with another one: it simply goes after it
        }
    }

    private StateEntry changed(String key, Object value, long version, boolean deleted) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("key", key);
        data.put("value", value);
        data.put("version", version);
        data.put("deleted", deleted);
        events.publish("state.changed", key, data);
        return new StateEntry(key, value, version, clock.instant());
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
