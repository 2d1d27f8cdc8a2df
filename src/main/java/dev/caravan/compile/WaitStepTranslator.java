package dev.caravan.compile;

import dev.caravan.definition.WaitStep;
import java.util.List;

/**
 * A wait step: one node that hands the run's place to the durable rendezvous of
 * {@code routes/waits.yaml} and goes on when the signal came (or fails when it did not in time).
 */
final class WaitStepTranslator {

    List<Object> translate(WaitStep step, Translation translation) {
        return List.of(CamelYaml.node("bean", CamelYaml.map(
                "id", translation.node(step.id()),
                "description", "waits up to " + words(step.timeout()) + " for signal " + step.signal(),
                "ref", CamelYaml.WAITS_BEAN,
                "method", "awaitSignal(*, '" + step.id() + "')")));
    }

    private static String words(java.time.Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
