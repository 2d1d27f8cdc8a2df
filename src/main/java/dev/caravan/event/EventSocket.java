package dev.caravan.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * Events pushed live at {@code /ws/events}, one JSON message each. A client that reconnects with
 * {@code ?after=<last id it saw>} first gets every stored event after that id, then the live ones,
 * with none missed or repeated between the two; {@code ?type=} narrows to one type. Both are
 * percent-decoded as the REST API's query parameters are ({@link EventSocketQuery}).
 *
 * <p>A client that stops reading is not waited for without end: once a message to it has waited
 * longer than the send timeout, or more events than the backlog limit wait to be sent to it, its
 * socket is closed with status 1013 (try again later) and a reason that names the id to resume
 * after. Nothing is lost: every event is stored, and {@code ?after=} sends the rest.
 */
@Component
public class EventSocket extends TextWebSocketHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EventSocket.class);
    private static final int PAGE = 500;
    /** Tomcat's per-session limit on a blocking send (20 s unless set): the send timeout. */
    private static final String TOMCAT_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final EventBus events;
    private final ObjectMapper json;
    private final int backlogLimit;
    private final Duration sendTimeout;
    private final Map<String, AutoCloseable> subscriptions = new ConcurrentHashMap<>();

    public EventSocket(EventBus events, ObjectMapper json,
            @Value("${caravan.events.socket.backlog-limit:10000}") int backlogLimit,
            @Value("${caravan.events.socket.send-timeout:10s}") Duration sendTimeout) {
        this.events = events;
        this.json = json;
        this.backlogLimit = backlogLimit;
        this.sendTimeout = sendTimeout;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        String raw = session.getUri() == null ? null : session.getUri().getRawQuery();
        Map<String, String> query;
        try {
            query = EventSocketQuery.parse(raw);
        } catch (IllegalArgumentException badEncoding) {
            // the handshake of such a query is refused with a 400 before it gets here (api.QueryEncodingCheck)
            session.close(CloseStatus.POLICY_VIOLATION.withReason(
                    "the query is not valid percent-encoding: " + abbreviated(raw)));
            return;
        }
        String type = query.get("type");
        Long after = after(query.get("after"));
        if (after == null) {
            session.close(CloseStatus.POLICY_VIOLATION.withReason(
                    "after must be an event id, a whole number: was " + abbreviated(query.get("after"))));
            return;
        }
        limitSendTime(session);
        Cursor cursor = new Cursor(session, after);
        // listen first, hold live events back until the stored ones are sent, then drop the overlap
        subscriptions.put(session.getId(), events.onEvent(type == null ? "*" : type, cursor::live,
                backlogLimit, () -> cursor.resumeLater("more than " + backlogLimit + " events waited to be sent")));
        if (after < 0) {
            cursor.caughtUp();
            return;
        }
        // live events that arrive while the stored ones are sent are held back, up to the backlog
        // limit; past it they are dropped, and the stored ones are read again from where the
        // client is: they are all in the store, and nothing waits in memory without bound
        do {
            cursor.startReplay();
            replay(type, cursor);
        } while (!cursor.caughtUp() && !cursor.closing.get());
    }

    private void limitSendTime(WebSocketSession session) {
        if (session instanceof NativeWebSocketSession wrapper
                && wrapper.getNativeSession(jakarta.websocket.Session.class) instanceof jakarta.websocket.Session tomcat) {
            tomcat.getUserProperties().put(TOMCAT_SEND_TIMEOUT, sendTimeout.toMillis());
        }
    }

    private void replay(String type, Cursor cursor) {
        List<Event> page;
        do {
            page = events.after(cursor.sentUpTo(), type, null, PAGE);
            page.forEach(cursor::send);
        } while (page.size() == PAGE && !cursor.closing.get());
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
        private final WebSocketSession session;
        private long after;
        private boolean replaying = true;
        private final List<Event> heldBack = new ArrayList<>();
        /** Whether more live events came during this replay than may be held back: some were dropped. */
        private boolean heldBackOverflowed;
        /** Set once the session is to be closed: nothing more is sent. */
        private final AtomicBoolean closing = new AtomicBoolean();

        Cursor(WebSocketSession session, long after) {
            this.session = session;
            this.after = after;
        }

        synchronized long sentUpTo() {
            return after;
        }

        synchronized void live(Event event) {
            if (!replaying) {
                send(event);
            } else if (heldBack.size() < backlogLimit) {
                heldBack.add(event);
            } else {
                heldBack.clear();
                heldBackOverflowed = true;
            }
        }

        /** A pass over the stored events begins: live events are held back from here on. */
        synchronized void startReplay() {
            heldBack.clear();
            heldBackOverflowed = false;
        }

        /**
         * Sends the live events held back and goes live; false, and still replaying, when some were
         * dropped: the stored events must be read again.
         */
        synchronized boolean caughtUp() {
            if (heldBackOverflowed) {
                return false;
            }
            heldBack.forEach(this::send);
            heldBack.clear();
            replaying = false;
            return true;
        }

        synchronized void send(Event event) {
            if (closing.get() || (after >= 0 && event.id() <= after)) {
                return;
            }
            try {
                session.sendMessage(new TextMessage(json.writeValueAsString(event)));
                after = event.id();
            } catch (IOException | RuntimeException e) {
                // a later event must not reach a client that missed this one: it resumes from here
                resumeLater("event " + event.id() + " could not be sent (" + e.getClass().getSimpleName() + ")");
            }
        }

        /**
         * Closes the session, telling the client where to resume; once, from whichever path gets
         * here first. Nothing is sent after this is called; the close itself waits for a send under
         * way, since a close frame cannot cut into a frame half written. That send either completes
         * or fails within the send timeout (the client then sees the connection drop, and resumes
         * after the last id it got, which is all the reason would have said).
         */
        void resumeLater(String why) {
            if (closing.getAndSet(true)) {
                return;
            }
            synchronized (this) {
                LOG.info("Closing event socket {}: {}; it may resume with ?after={}", session.getId(), why, after);
                try {
                    session.close(CloseStatus.SERVICE_OVERLOAD.withReason(abbreviated(why) + "; reconnect with ?after=" + after));
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Event socket {} did not close cleanly: {}", session.getId(), e.getMessage());
                }
            }
        }
    }

    /** The {@code after} parameter: -1 when absent (live events only), null when it is not a number. */
    private static Long after(String value) {
        if (value == null) {
            return -1L;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A close reason is limited to 123 bytes. */
    private static String abbreviated(String text) {
        return text == null || text.length() <= 60 ? String.valueOf(text) : text.substring(0, 57) + "...";
    }
}
