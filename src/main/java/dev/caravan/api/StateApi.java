package dev.caravan.api;

import dev.caravan.state.GlobalState;
import dev.caravan.state.StateEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.http.common.HttpMessage;
import org.springframework.stereotype.Component;

/** The global state over HTTP: JSON values, versions as ETags, If-Match for optimistic writes. */
@Component("stateApi")
class StateApi {

    private static final RequestJson.Kind VALUE = new RequestJson.Kind("the value", "send the value as JSON");

    private final GlobalState state;
    private final Responses responses;

    StateApi(GlobalState state, Responses responses) {
        this.state = state;
        this.responses = responses;
    }

    public void get(Exchange exchange) {
        String key = Responses.pathParam(exchange, "key");
        StateEntry entry = state.getState(key).orElseThrow(() -> new NotFoundException("no state '" + key + "'"));
        answer(exchange, 200, entry);
    }

    public void put(Exchange exchange) {
        String key = Responses.pathParam(exchange, "key");
        Long expected = expectedVersion(exchange);
        boolean existed = state.getState(key).isPresent();
        StateEntry written = state.setState(key, body(exchange), expected);
        answer(exchange, existed ? 200 : 201, written);
    }

    public void delete(Exchange exchange) {
        String key = Responses.pathParam(exchange, "key");
        if (!state.deleteState(key, expectedVersion(exchange))) {
            throw new NotFoundException("no state '" + key + "'");
        }
        responses.write(exchange, 204, "application/json", "");
    }

    private void answer(Exchange exchange, int status, StateEntry entry) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", entry.key());
        body.put("value", entry.value());
        body.put("version", entry.version());
        responses.json(exchange, status, body);
        exchange.getMessage().setHeader("ETag", "\"" + entry.version() + "\"");
    }

    private Object body(Exchange exchange) {
        return responses.readAnyJson(exchange, VALUE);
    }

    /** The version in If-Match ({@code "3"}, or {@code W/"3"}); {@code *} and none mean any version. */
    private static Long expectedVersion(Exchange exchange) {
        String header = ifMatch(exchange);
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String tag = header.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw new BadRequestException("If-Match must be an ETag this API returned, like \"3\"");
        }
    }

    /**
     * The request's If-Match header, and only the header: Camel's servlet binding puts query
     * parameters among the headers too, so {@code ?If-Match=...} would act as one.
     */
    private static String ifMatch(Exchange exchange) {
        if (exchange.getMessage() instanceof HttpMessage http) {
            return http.getRequest().getHeader("If-Match");
        }
        return exchange.getMessage().getHeader("If-Match", String.class);
    }
}
