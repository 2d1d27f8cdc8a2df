package dev.caravan.run;

import dev.caravan.expression.Bindings;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Joins parallel branches and foreach items (bean {@code caravanJoin}): keeps the first failure
 * so the run fails with it, and never lets an item's scope leak into the route that goes on
 * after the join. Step outputs travel through the run, not through message bodies.
 */
@Component("caravanJoin")
public class JoinStrategy implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange joined, Exchange branch) {
        if (joined == null) {
            // Camel copies the joined exchange's properties onto the original: the original's
            // scope must stay, so the branch's is dropped
            branch.removeProperty(Bindings.PROPERTY);
            return branch;
        }
        if (joined.getException() == null && branch.getException() != null) {
            joined.setException(branch.getException());
        }
        return joined;
    }
}
