package dev.caravan.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.caravan.schedule.Backfills;
import dev.caravan.schedule.Backfills.Progress;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Backfills of a scheduled workflow: start one over a range of fire times, follow it, cancel it. */
@Component("backfillApi")
class BackfillApi {

    private final Backfills backfills;
    private final Responses responses;

    BackfillApi(Backfills backfills, Responses responses) {
        this.backfills = backfills;
        this.responses = responses;
    }

    /** {@code {"from", "to", "max_parallel"}}: ISO-8601 instants, both included; max_parallel default 1. */
    record BackfillBody(String from, String to, @JsonProperty("max_parallel") Integer maxParallel) {
    }

    /** 202 with the backfill's id, its fire times and where to follow it. */
    public void start(Exchange exchange) {
        BackfillBody body = responses.read(exchange, BackfillBody.class);
        String workflowId = Responses.pathParam(exchange, "id");
        Progress started = backfills.start(workflowId, instant("from", body.from()), instant("to", body.to()),
                body.maxParallel() == null ? 1 : body.maxParallel());
        String self = "/api/definitions/" + workflowId + "/backfill/" + started.backfillId();
        Map<String, Object> accepted = new LinkedHashMap<>(view(started));
        accepted.put("links", Map.of("self", self, "cancel", self + "/cancel"));
        responses.json(exchange, 202, accepted);
        exchange.getMessage().setHeader("Location", self);
    }

    public void get(Exchange exchange) {
        responses.json(exchange, 200, view(backfills.progress(Responses.pathParam(exchange, "id"),
                Responses.pathParam(exchange, "backfillId"))));
    }

    public void cancel(Exchange exchange) {
        responses.json(exchange, 200, view(backfills.cancel(Responses.pathParam(exchange, "id"),
                Responses.pathParam(exchange, "backfillId"))));
    }

    private static Map<String, Object> view(Progress progress) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("backfillId", progress.backfillId());
        body.put("workflow", progress.workflow());
        body.put("from", progress.from().toString());
        body.put("to", progress.to().toString());
        body.put("max_parallel", progress.maxParallel());
        body.put("fireTimes", progress.fireTimes());
        body.put("cancelled", progress.cancelled());
        body.put("runs", progress.runs());
        return body;
    }

    private static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new BadRequestException(field + " is required: an ISO-8601 instant like 2026-01-01T00:00:00Z");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field + " '" + text + "' is not an ISO-8601 instant like 2026-01-01T00:00:00Z");
        }
    }
}
