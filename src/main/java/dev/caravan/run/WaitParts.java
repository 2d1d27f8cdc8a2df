package dev.caravan.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * How the parts of a waiting step's rendezvous combine (the aggregation strategy and completion
 * predicate of {@code routes/waits.yaml}). The exchange body is the {@link Rendezvous} as JSON
 * text, so that the repository stores plain text and never a Java object of Caravan's.
 */
@Component("caravanWaitParts")
public class WaitParts implements AggregationStrategy {

    /** The correlation key of a rendezvous: {@code <runId>:<stepKey>}. */
    static final String KEY = "CaravanWaitKey";
    /** When the aggregator gives up on a rendezvous no step finished (milliseconds): a backstop only. */
    static final String BACKSTOP = "CaravanWaitBackstop";

    private final ObjectMapper json;

    public WaitParts(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Exchange aggregate(Exchange held, Exchange incoming) {
        Rendezvous part = read(incoming);
        Rendezvous combined = held == null ? part : read(held).with(part);
        Exchange target = held == null ? incoming : held;
        target.getMessage().setBody(write(combined));
        return target;
    }

    public boolean isComplete(Exchange exchange) {
        return read(exchange).complete();
    }

    Rendezvous read(Exchange exchange) {
        try {
            return json.readValue(exchange.getMessage().getBody(String.class), Rendezvous.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a wait's rendezvous holds unreadable JSON: " + e.getOriginalMessage(), e);
        }
    }

    String write(Rendezvous rendezvous) {
        try {
            return json.writeValueAsString(rendezvous);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a wait's answer cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
