package dev.caravan.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * A client that resumes after an id while events keep coming: the live events that arrive during
 * the replay are held back up to the backlog limit; past it, the stored events are read again
 * from where the client is. Either way it gets every event once, in order.
 */
class EventSocketReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /**
     * The store and the bus, in memory: the first read of the store returns what was stored, and
     * then, before the client has caught up, {@code arrivingDuringReplay} more events are
     * committed and delivered live.
     */
    private static final class BusDuringReplay extends EventBus {
        private final List<Event> stored = new CopyOnWriteArrayList<>();
        private final int arrivingDuringReplay;
        private Consumer<Event> live;
        int reads;

        BusDuringReplay(int storedAtFirst, int arrivingDuringReplay) {
            super(null, Clock.systemUTC());
            LongStream.rangeClosed(1, storedAtFirst).forEach(id -> stored.add(event(id)));
            this.arrivingDuringReplay = arrivingDuringReplay;
        }

        @Override
        public AutoCloseable onEvent(String type, Consumer<Event> consumer, int backlogLimit, Runnable fellBehind) {
            live = consumer;
            return () -> { };
        }

        @Override
        public List<Event> after(long id, String type, String correlationId, int limit) {
            List<Event> page = stored.stream().filter(event -> event.id() > id).limit(limit).toList();
            if (reads++ == 0) {
                commitAndDeliver(arrivingDuringReplay);
            }
            return page;
        }

        void commitAndDeliver(int count) {
            for (int i = 0; i < count; i++) {
                Event event = event(stored.size() + 1);
                stored.add(event);
                live.accept(event);
            }
        }

        private static Event event(long id) {
            return new Event(id, "state.changed", Instant.EPOCH, "key", Map.of("n", id));
        }
    }

    private static List<Long> connect(EventBus bus, int backlogLimit) throws Exception {
        List<Long> sent = new CopyOnWriteArrayList<>();
        WebSocketSession session = mock(WebSocketSession.class);
        when(session.getId()).thenReturn("client");
        when(session.getUri()).thenReturn(URI.create("ws://127.0.0.1/ws/events?after=0"));
        doAnswer(call -> sent.add(JSON.readTree(((TextMessage) call.getArgument(0)).getPayload()).get("id").asLong()))
                .when(session).sendMessage(any());
        new EventSocket(bus, JSON, backlogLimit, Duration.ofSeconds(10)).afterConnectionEstablished(session);
        return sent;
    }

    /**
     * 10 events stored, then more arriving live during the replay, then 2 once the client is live:
     * within the limit of 5 the live ones are sent from memory, past it from a second read.
     */
    @ParameterizedTest(name = "{0} arriving during the replay: {1} read(s) of the store")
    @CsvSource({"4, 1", "20, 2"})
    void everyEventIsSentOnceInOrderWhetherTheHeldBackOnesFitOrNot(int arrivingDuringReplay, int reads) throws Exception {
        BusDuringReplay bus = new BusDuringReplay(10, arrivingDuringReplay);

        List<Long> sent = connect(bus, 5);
        bus.commitAndDeliver(2);

        assertThat(sent).containsExactlyElementsOf(LongStream.rangeClosed(1, 10 + arrivingDuringReplay + 2).boxed().toList());
        assertThat(bus.reads).isEqualTo(reads);
    }
}
