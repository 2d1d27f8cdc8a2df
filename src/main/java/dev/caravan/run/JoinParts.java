package dev.caravan.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * How the arrivals of a parallel step's branches combine at its join (the aggregation strategy
 * and completion predicate of {@code routes/joins.yaml}).
 */
@Component("caravanJoinParts")
public class JoinParts extends JsonAggregation<JoinState> {

    /** The correlation key of a join: {@code <runId>:<joinKey>}. */
    static final String KEY = "CaravanJoinKey";

    public JoinParts(ObjectMapper json) {
        super(json, JoinState.class, "a parallel step's join");
    }

    @Override
    JoinState combine(JoinState held, JoinState part) {
        return held.with(part);
    }

    @Override
    boolean complete(JoinState held) {
        return held.complete();
    }
}
