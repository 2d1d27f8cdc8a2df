package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of a waiting step's rendezvous combine in either order; a second answer is refused. */
class RendezvousTest {

    private static final Map<String, Object> DONE = Map.of("status", "success", "output", Map.of("file", "a.mp4"));

    @Test
    void theStepAndItsAnswerCompleteTheRendezvousInEitherOrder() {
        Rendezvous waiting = Rendezvous.waitingPart("run", "render");
        Rendezvous answer = Rendezvous.answerPart("run", "render", DONE);

        assertThat(waiting.complete()).isFalse();
        assertThat(answer.complete()).as("an answer before its step waits is kept").isFalse();
        assertThat(waiting.with(answer).complete()).isTrue();
        assertThat(answer.with(waiting).complete()).isTrue();
        assertThat(answer.with(waiting).output()).isEqualTo(Map.of("file", "a.mp4"));
        assertThat(answer.with(waiting).succeeded()).isTrue();
    }

    @Test
    void theStepWaitingAgainAfterARestartChangesNothing() {
        Rendezvous twice = Rendezvous.waitingPart("run", "render").with(Rendezvous.waitingPart("run", "render"));

        assertThat(twice.complete()).isFalse();
        assertThat(twice.waiting()).isTrue();
    }

    @Test
    void aSecondAnswerIsAConflict() {
        Rendezvous answered = Rendezvous.answerPart("run", "render", DONE);

        assertThatThrownBy(() -> answered.with(Rendezvous.answerPart("run", "render", DONE)))
                .isInstanceOf(RunConflictException.class)
                .hasMessage("step render of run run has already received its answer: this one changes nothing");
    }

    @Test
    void aFailureAnswerCarriesItsErrorAndAnOutputThatIsNotAnObjectIsWrapped() {
        Rendezvous failed = Rendezvous.waitingPart("r", "s")
                .with(Rendezvous.answerPart("r", "s", Map.of("status", "failure", "error", "codec missing")));
        Rendezvous scalar = Rendezvous.waitingPart("r", "s")
                .with(Rendezvous.answerPart("r", "s", Map.of("status", "success", "output", 42)));

        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.error()).isEqualTo("codec missing");
        assertThat(scalar.output()).isEqualTo(Map.of("value", 42));
    }
}
