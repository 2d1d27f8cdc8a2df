package dev.caravan.api;

import dev.caravan.event.Event;
import dev.caravan.event.EventBus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Stored events, for replay: after an id, by type and correlation id. */
@Component("eventApi")
class EventApi {

    private final EventBus events;
    private final Responses responses;

    EventApi(EventBus events, Responses responses) {
        this.events = events;
        this.responses = responses;
    }

    public void list(Exchange exchange) {
        long after = QueryNumbers.within(exchange.getMessage(), "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) QueryNumbers.within(exchange.getMessage(), "limit", 100, 1, 1000);
        List<Event> page = events.after(after, QueryParameters.first(exchange.getMessage(), "type"),
                QueryParameters.first(exchange.getMessage(), "correlationId"), limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", page);
        body.put("last", page.isEmpty() ? after : page.getLast().id());
        responses.json(exchange, 200, body);
    }
}
