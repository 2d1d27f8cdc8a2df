package dev.caravan.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What the rendezvous of one waiting step holds (the body of its exchange in the aggregation
 * repository), and each part sent to it: the step's own "I wait" part, the answer (an agent's
 * callback or a signal's payload, in the protocol's result shape). Parts may come in any order: a
 * fast agent can call back before Caravan has read its 202, a signal can come before its step.
 *
 * @param runId the run
 * @param stepKey the waiting step's key
 * @param waiting whether the step itself has arrived and waits
 * @param answer the result shape ({@code status}, {@code output} or {@code error}), null until it came
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Rendezvous(String runId, String stepKey, boolean waiting, Map<String, Object> answer) {

    static Rendezvous waitingPart(String runId, String stepKey) {
        return new Rendezvous(runId, stepKey, true, null);
    }

    static Rendezvous answerPart(String runId, String stepKey, Map<String, Object> answer) {
        return new Rendezvous(runId, stepKey, false, answer);
    }

    /** This rendezvous with one more part; a second answer is refused, it would change nothing. */
    Rendezvous with(Rendezvous part) {
        if (answer != null && part.answer != null) {
            throw new RunConflictException("step " + stepKey + " of run " + runId
                    + " has already received its answer: this one changes nothing");
        }
        return new Rendezvous(runId, stepKey, waiting || part.waiting, answer != null ? answer : part.answer);
    }

    /** Complete when the waiting step has its answer. */
    boolean complete() {
        return waiting && answer != null;
    }

    boolean succeeded() {
        return answer != null && "success".equals(answer.get("status"));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> output() {
        Object output = answer == null ? null : answer.get("output");
        if (output == null) {
            return Map.of();
        }
        return output instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of("value", output);
    }

    String error() {
        Object error = answer == null ? null : answer.get("error");
        return error == null ? "(no error given)" : error.toString();
    }
}
