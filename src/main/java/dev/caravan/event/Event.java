package dev.caravan.event;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened, as stored and delivered (DESIGN.md section 6).
 *
 * @param id increasing in the order events were stored; clients replay after an id
 * @param type {@code workflow.execution.started}, {@code state.changed}, ...
 * @param correlationId the run id where there is one, else what the event is about
 */
public record Event(long id, String type, Instant time, String correlationId, Map<String, Object> data) {
}
