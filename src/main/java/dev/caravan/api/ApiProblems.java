package dev.caravan.api;

import dev.caravan.definition.ValidationError;
import dev.caravan.definition.WorkflowValidationException;
import dev.caravan.run.InvalidCallbackTokenException;
import dev.caravan.run.InvalidRequestException;
import dev.caravan.run.RunConflictException;
import dev.caravan.run.UnknownRunException;
import dev.caravan.run.UnknownWorkflowException;
import dev.caravan.schedule.UnknownBackfillException;
import dev.caravan.state.StaleVersionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns a failed API request into {@code application/problem+json} (RFC 9457). Validation errors
 * list every error with its line, column and path; an unexpected error gets a reference to the
 * server log and never a stack trace.
 */
@Component("apiProblems")
class ApiProblems {

    static final String TYPE_BASE = "https://caravan.dev/problems/";
    private static final Logger LOG = LoggerFactory.getLogger(ApiProblems.class);

    private final Responses responses;

    ApiProblems(Responses responses) {
        this.responses = responses;
    }

    /** The route configuration's handler: the exception caught is on the exchange. */
    public void render(Exchange exchange) {
        answer(exchange, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    /** Makes the exchange's message the problem for {@code failure}: status, content type and body. */
    void answer(Exchange exchange, Throwable failure) {
        Map<String, Object> problem = switch (failure) {
            case WorkflowValidationException invalid -> invalid(invalid);
            case UnknownWorkflowException unknown -> problem("not-found", "Not found", 404, unknown.getMessage());
            case UnknownRunException unknown -> problem("not-found", "Not found", 404, unknown.getMessage());
            case RunConflictException conflict -> problem("conflict", "Conflict", 409, conflict.getMessage());
            case InvalidCallbackTokenException denied -> problem("unauthorized", "Unauthorized", 401, denied.getMessage());
            case StaleVersionException stale -> problem("precondition-failed", "Precondition failed", 412,
                    stale.getMessage());
            case UnknownBackfillException unknown -> problem("not-found", "Not found", 404, unknown.getMessage());
            case NotFoundException missing -> problem("not-found", "Not found", 404, missing.getMessage());
            case BadRequestException bad -> problem("bad-request", "Bad request", 400, bad.getMessage());
            case ContentTooLargeException tooLarge -> problem("content-too-large", "Content too large", 413,
                    tooLarge.getMessage());
            case UnsupportedMediaTypeException unsupported -> problem("unsupported-media-type",
                    "Unsupported media type", 415, unsupported.getMessage());
            case NotAcceptableException notAcceptable -> problem("not-acceptable", "Not acceptable", 406,
                    notAcceptable.getMessage());
            // any other IllegalArgumentException is unexpected: its message was written for no client
            case InvalidRequestException bad -> problem("bad-request", "Bad request", 400, bad.getMessage());
            case null, default -> unexpected(exchange, failure);
        };
        problem.put("instance", exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class));
        responses.write(exchange, (Integer) problem.get("status"), "application/problem+json", problem);
    }

    private static Map<String, Object> invalid(WorkflowValidationException invalid) {
        List<ValidationError> errors = invalid.errors();
        Map<String, Object> problem = problem("invalid-workflow", "Invalid workflow", 400,
                errors.size() + (errors.size() == 1 ? " error" : " errors") + " in "
                        + (errors.isEmpty() ? "the workflow" : errors.getFirst().source()) + "; nothing was deployed");
        problem.put("errors", errors.stream().map(error -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("source", error.source());
            item.put("line", error.line());
            item.put("column", error.column());
            item.put("path", error.path());
            item.put("message", error.message());
            return item;
        }).toList());
        return problem;
    }

    private static Map<String, Object> unexpected(Exchange exchange, Throwable failure) {
        String reference = UUID.randomUUID().toString();
        LOG.error("API request {} failed, reference {}", exchange.getMessage().getHeader(Exchange.HTTP_URI),
                reference, failure);
        Map<String, Object> problem = problem("internal-error", "Internal error", 500,
                "the request failed on the server; the server log has the details under reference " + reference);
        problem.put("reference", reference);
        return problem;
    }

    private static Map<String, Object> problem(String type, String title, int status, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", TYPE_BASE + type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        return problem;
    }
}
