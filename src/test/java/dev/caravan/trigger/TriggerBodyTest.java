package dev.caravan.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A message's body as a run's params: a JSON object, or nothing at all. */
class TriggerBodyTest {

    @Test
    void aJsonObjectIsTheParams() {
        assertThat(TriggerBody.params("{\"order\": 42, \"items\": [\"a\"], \"rush\": true}"))
                .isEqualTo(Map.of("order", 42, "items", List.of("a"), "rush", true));
    }

    @Test
    void noBodyMeansNoParams() {
        assertThat(TriggerBody.params(null)).isEmpty();
        assertThat(TriggerBody.params("  \n")).isEmpty();
    }

    @Test
    void textThatIsNotJsonIsRejectedShowingTheText() {
        assertThatThrownBy(() -> TriggerBody.params("order 42, please"))
                .isInstanceOf(TriggerRejectedException.class)
                .hasMessageStartingWith("the message is not JSON (")
                .hasMessageEndingWith("): order 42, please");
    }

    @Test
    void jsonThatIsNotOneObjectIsRejected() {
        assertThatThrownBy(() -> TriggerBody.params("[1, 2]")).hasMessage(
                "the message is JSON but not an object, and a run's params are one, like {\"key\": \"value\"}: [1, 2]");
        assertThatThrownBy(() -> TriggerBody.params("{\"a\": 1} {\"b\": 2}"))
                .hasMessageStartingWith("the message is not JSON (");
    }
}
