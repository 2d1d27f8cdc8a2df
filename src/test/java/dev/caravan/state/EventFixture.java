package dev.caravan.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.event.Event;
import dev.caravan.event.EventBus;
import dev.caravan.event.ReportedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** A group committer, the event store and the event bus over one database: what the stores commit events with. */
final class EventFixture implements AutoCloseable {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final JdbcTemplate jdbc;
    final GroupCommitter committer;
    final JdbcEventStore store;
    final EventBus bus;

    EventFixture(DataSource dataSource) {
        jdbc = new JdbcTemplate(dataSource);
        committer = new GroupCommitter(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                1000, 10_000, meters);
        store = new JdbcEventStore(jdbc, committer, new ObjectMapper());
        bus = new EventBus(store, Clock.systemUTC());
    }

    /** An event to commit with a change. */
    ReportedEvent report(String type, String correlationId, Map<String, Object> data) {
        return bus.report(type, correlationId, data);
    }

    /** The stored events of one correlation id, oldest first. */
    List<Event> storedOf(String correlationId) {
        return store.query(0, null, correlationId, 100);
    }

    @Override
    public void close() throws InterruptedException {
        bus.close();
        committer.close();
    }
}
