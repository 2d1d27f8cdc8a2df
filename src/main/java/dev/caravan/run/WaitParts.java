package dev.caravan.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * How the parts of a waiting step's rendezvous combine (the aggregation strategy and completion
 * predicate of {@code routes/waits.yaml}): the step's waiting part and its answer, in either order.
 */
@Component("caravanWaitParts")
public class WaitParts extends JsonAggregation<Rendezvous> {

    /** The correlation key of a rendezvous: {@code <runId>:<stepKey>}. */
    static final String KEY = "CaravanWaitKey";
    /** When the aggregator gives up on a rendezvous no step finished (milliseconds): a backstop only. */
    static final String BACKSTOP = "CaravanWaitBackstop";

    public WaitParts(ObjectMapper json) {
        super(json, Rendezvous.class, "a wait's rendezvous");
    }

    @Override
    Rendezvous combine(Rendezvous held, Rendezvous part) {
        return held.with(part);
    }

    @Override
    boolean complete(Rendezvous held) {
        return held.complete();
    }
}
