package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class JoinStateTest {

    private final JoinParts parts = new JoinParts(new ObjectMapper());
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void aJoinIsCompleteOnceEveryBranchHasArrived() {
        JoinState first = JoinState.arrival("run-1", "quality_check", 3, "security_scan");
        JoinState two = first.with(JoinState.arrival("run-1", "quality_check", 3, "quality_check"));

        assertThat(first.complete()).isFalse();
        assertThat(two.complete()).isFalse();
        assertThat(two.arrived()).containsExactly("quality_check", "security_scan");
        assertThat(two.with(JoinState.arrival("run-1", "quality_check", 3, "lint")).complete()).isTrue();
    }

    @Test
    void aBranchArrivingAgainAfterARestartCountsOnce() {
        JoinState held = JoinState.arrival("run-1", "fetch.group", 2, "fetch");

        JoinState again = held.with(JoinState.arrival("run-1", "fetch.group", 2, "fetch"));

        assertThat(again.arrived()).containsExactly("fetch");
        assertThat(again.complete()).isFalse();
    }

    @Test
    void theAggregatorHoldsTheJoinAsJsonTextAndCombinesArrivals() {
        Exchange held = parts.aggregate(null, arrival("fetch"));
        assertThat(parts.isComplete(held)).isFalse();

        Exchange combined = parts.aggregate(held, arrival("parse"));

        assertThat(combined.getMessage().getBody()).isInstanceOf(String.class);
        assertThat(parts.read(combined)).isEqualTo(new JoinState("run-7", "fetch.group[2]", 2, List.of("fetch", "parse")));
        assertThat(parts.isComplete(combined)).isTrue();
        assertThat(parts.read(combined).key()).isEqualTo("run-7:fetch.group[2]");
    }

    private Exchange arrival(String branch) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(parts.write(JoinState.arrival("run-7", "fetch.group[2]", 2, branch)));
        return exchange;
    }
}
