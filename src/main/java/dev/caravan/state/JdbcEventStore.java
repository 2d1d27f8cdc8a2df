package dev.caravan.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.event.Event;
import dev.caravan.event.EventStore;
import dev.caravan.event.ReportedEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Events in the events table. Inserts go through the {@link GroupCommitter}: an event shares its
 * commit with the run writes around it, and since its groups are applied one at a time and
 * committed in that order, ids increase in the order events are committed on this node.
 */
@Component
public class JdbcEventStore implements EventStore {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final GroupCommitter committer;
    private final ObjectMapper json;

    JdbcEventStore(JdbcTemplate jdbc, GroupCommitter committer, ObjectMapper json) {
        this.jdbc = jdbc;
        this.committer = committer;
        this.json = json;
    }

    @Override
    public <R> CompletableFuture<R> append(String type, Instant time, String correlationId, Map<String, Object> data,
            Function<CompletableFuture<Event>, CompletableFuture<R>> whenStored) {
        String text = write(data);
        Timestamp at = Timestamp.from(time);
        return committer.submit(new EventInsert(new Object[] {type, at, correlationId, text},
                id -> new Event(id, type, time, correlationId, data)), whenStored);
    }

    /**
     * Commits a change together with the event that reports it, in one transaction: a crash keeps
     * both or neither ({@link ReportedEvent}). Returns the change's result once both are committed,
     * or throws the change's error, and then nothing is committed. The event is stored only when
     * {@code reports} says the change's result is one to report (a conditional update that changed
     * no row is not); it is delivered as {@link ReportedEvent} says.
     */
    public <T> T commitReported(Write<T> change, Predicate<T> reports, ReportedEvent event) {
        return commitReported(change, reports, event, List.of());
    }

    /**
     * {@link #commitReported(Write, Predicate, ReportedEvent)} for a change committed only if the
     * earlier writes of {@code after} were ({@link GroupCommitter#commit(Write, List)}).
     */
    public <T> T commitReported(Write<T> change, Predicate<T> reports, ReportedEvent event,
            List<? extends CompletableFuture<?>> after) {
        Object[] row = {event.type(), Timestamp.from(event.time()), event.correlationId(), write(event.data())};
        Reported<T, Event> write = new Reported<>(change, result -> reports.test(result)
                ? new EventInsert(row, id -> new Event(id, event.type(), event.time(), event.correlationId(), event.data()))
                : null);
        CompletableFuture<Reported.Outcome<T, Event>> committed = committer.submit(write, done -> {
            // chained before the hand-over, so that the event is delivered in its place (EventBus)
            event.chain(done.thenApply(Reported.Outcome::report));
            return done;
        }, after);
        try {
            return committed.join().result();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    /**
     * An event's row. Append-only: nothing else in a group reads the events table, so the events of
     * a group go as one batch after its other writes, their ids still in the order handed over.
     */
    private record EventInsert(Object[] arguments, java.util.function.LongFunction<Event> stored)
            implements Batchable<Event> {

        @Override
        public String sql() {
            return "INSERT INTO events (type, occurred_at, correlation_id, data) VALUES (?, ?, ?, ?)";
        }

        @Override
        public List<String> generatedKeys() {
            return List.of("id");
        }

        @Override
        public boolean appendOnly() {
            return true;
        }

        @Override
        public Event completed(int rowsChanged, Map<String, Object> keys, JdbcTemplate jdbc) {
            // one generated column; its label's case is the database's (id on PostgreSQL, ID on H2)
            return stored.apply(((Number) keys.values().iterator().next()).longValue());
        }
    }

    @Override
    public List<Event> query(long after, String type, String correlationId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM events WHERE id > ?");
        List<Object> arguments = new ArrayList<>(List.of(after));
        if (type != null) {
            sql.append(" AND type = ?");
            arguments.add(type);
        }
        if (correlationId != null) {
            sql.append(" AND correlation_id = ?");
            arguments.add(correlationId);
        }
        sql.append(" ORDER BY id FETCH FIRST ").append(limit).append(" ROWS ONLY");
        return jdbc.query(sql.toString(), (row, index) -> event(row), arguments.toArray());
    }

    private Event event(ResultSet row) throws SQLException {
        try {
            return new Event(row.getLong("id"), row.getString("type"), row.getTimestamp("occurred_at").toInstant(),
                    row.getString("correlation_id"), json.readValue(row.getString("data"), JSON_OBJECT));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event " + row.getLong("id") + " is unreadable", e);
        }
    }

    private String write(Map<String, Object> data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
