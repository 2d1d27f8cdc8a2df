package dev.caravan.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The aggregation strategy and completion predicate of one of Caravan's durable aggregators, whose
 * exchange bodies are a record as JSON text: the repository stores plain text, never a Java object
 * of Caravan's, so a stored aggregation stays readable across versions.
 *
 * @param <T> the record held by one aggregation, and sent as each of its parts
 */
public abstract class JsonAggregation<T> implements AggregationStrategy {

    private final ObjectMapper json;
    private final Class<T> type;
    private final String what;

    JsonAggregation(ObjectMapper json, Class<T> type, String what) {
        this.json = json;
        this.type = type;
        this.what = what;
    }

    /** What the aggregation holds once this part has joined it. */
    abstract T combine(T held, T part);

    /** Whether the aggregation is complete. */
    abstract boolean complete(T held);

    @Override
    public Exchange aggregate(Exchange held, Exchange incoming) {
        T part = read(incoming);
        T combined = held == null ? part : combine(read(held), part);
        Exchange target = held == null ? incoming : held;
        target.getMessage().setBody(write(combined));
        return target;
    }

    /** The completion predicate, called by the aggregator (a {@code method} expression). */
    public boolean isComplete(Exchange exchange) {
        return complete(read(exchange));
    }

    T read(Exchange exchange) {
        try {
            return json.readValue(exchange.getMessage().getBody(String.class), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(what + " holds unreadable JSON: " + e.getOriginalMessage(), e);
        }
    }

    String write(T value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
