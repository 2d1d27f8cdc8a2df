package dev.caravan.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Events pushed live at {@code /ws/events}, one JSON message each. A client that reconnects with
 * {@code ?after=<last id it saw>} first gets every stored event after that id, then the live ones,
 * with none missed or repeated between the two; {@code ?type=} narrows to one type.
 */
@Component
public class EventSocket extends TextWebSocketHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EventSocket.class);
    private static final int PAGE = 500;

    private final EventBus events;
    private final ObjectMapper json;
    private final Map<String, AutoCloseable> subscriptions = new ConcurrentHashMap<>();

    public EventSocket(EventBus events, ObjectMapper json) {
        this.events = events;
        this.json = json;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession raw) throws Exception {
        WebSocketSession session = new ConcurrentWebSocketSessionDecorator(raw, 10_000, 1 << 20);
        Map<String, String> query = query(raw.getUri());
        String type = query.get("type");
        Cursor cursor = new Cursor(query.containsKey("after") ? Long.parseLong(query.get("after")) : -1);
        // listen first, hold live events back until the stored ones are sent, then drop the overlap
        subscriptions.put(raw.getId(), events.onEvent(type == null ? "*" : type, event -> cursor.live(event, session)));
        if (cursor.after >= 0) {
            replay(session, type, cursor);
        }
        cursor.caughtUp(session);
    }

    private void replay(WebSocketSession session, String type, Cursor cursor) {
        List<Event> page;
        do {
            page = events.after(cursor.sentUpTo(), type, null, PAGE);
            page.forEach(event -> cursor.send(event, session));
        } while (page.size() == PAGE);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
        AutoCloseable subscription = subscriptions.remove(session.getId());
        if (subscription != null) {
            subscription.close();
        }
    }

    /** What one session has been sent, and the live events that arrived while stored ones were sent. */
    private final class Cursor {
        private long after;
        private boolean replaying = true;
        private final java.util.List<Event> heldBack = new java.util.ArrayList<>();

        Cursor(long after) {
            this.after = after;
        }

        synchronized long sentUpTo() {
            return after;
        }

        synchronized void live(Event event, WebSocketSession session) {
            if (replaying) {
                heldBack.add(event);
            } else {
                send(event, session);
            }
        }

        synchronized void caughtUp(WebSocketSession session) {
            heldBack.forEach(event -> send(event, session));
            heldBack.clear();
            replaying = false;
        }

        synchronized void send(Event event, WebSocketSession session) {
            if (after >= 0 && event.id() <= after) {
                return;
            }
            try {
                session.sendMessage(new TextMessage(json.writeValueAsString(event)));
                after = event.id();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Could not push event {} to session {}: {}", event.id(), session.getId(), e.getMessage());
            }
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new java.util.HashMap<>();
        if (uri != null) {
            UriComponentsBuilder.fromUri(uri).build().getQueryParams()
                    .forEach((name, list) -> values.put(name, list.isEmpty() ? null : list.getFirst()));
        }
        return values;
    }
}
