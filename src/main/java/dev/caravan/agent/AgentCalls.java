package dev.caravan.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;
import org.springframework.stereotype.Component;

/**
 * The agent protocol's request and answer (DESIGN.md section 4), as two steps of the agent route:
 * {@link #prepare} picks an instance and writes the request, {@link #interpret} reads the answer
 * into the step's output or a failure that says whether it is worth retrying.
 */
@Component("agentCalls")
public class AgentCalls {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** The action, on transports other than HTTP (docs/agent-protocol.md, "Other transports"). */
    static final String ACTION_HEADER = "Caravan-Action";

    static final String STARTED_NANOS = "caravanCallStarted";

    private final AgentRegistry registry;
    private final ObjectMapper json;
    private final AgentMetrics metrics;
    private final AgentEndpoints endpoints;

    public AgentCalls(AgentRegistry registry, ObjectMapper json, AgentMetrics metrics, AgentEndpoints endpoints) {
        this.registry = registry;
        this.json = json;
        this.metrics = metrics;
        this.endpoints = endpoints;
    }

    /** Chooses the instance for this attempt and writes the protocol request. */
    public void prepare(Exchange exchange) throws JsonProcessingException {
        String agent = exchange.getProperty(CallProperties.AGENT, String.class);
        String instance = registry.selectInstance(agent).url();
        exchange.setProperty(CallProperties.INSTANCE, instance);
        exchange.setProperty(CallProperties.ENDPOINT, endpoints.of(instance,
                exchange.getProperty(CallProperties.ACTION, String.class),
                exchange.getProperty(CallProperties.TIMEOUT_MILLIS, Long.class)));
        String runId = exchange.getProperty(CallProperties.RUN_ID, String.class);
        String stepKey = exchange.getProperty(CallProperties.STEP_KEY, String.class);
        Integer redelivery = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("runId", runId);
        request.put("workflow", exchange.getProperty(CallProperties.WORKFLOW));
        request.put("stepId", stepKey);
        request.put("attempt", redelivery == null ? 1 : redelivery + 1);
        request.put("params", exchange.getProperty(CallProperties.PARAMS));
        request.put("callbackUrl", exchange.getProperty(CallProperties.CALLBACK_URL));
        Message message = exchange.getMessage();
        // nothing of the run's own headers may leak to an agent: it gets the protocol's headers only
        message.removeHeaders("*");
        // the enum, not the text "POST": the http producer takes it as is, without a type conversion per call
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("Accept", "application/json");
        message.setHeader(IDEMPOTENCY_KEY, runId + ":" + stepKey);
        if (!AgentEndpoints.isHttp(instance)) {
            // another transport: no path to name the action, and the result comes back as the reply
            message.setHeader(ACTION_HEADER, exchange.getProperty(CallProperties.ACTION));
            exchange.setPattern(ExchangePattern.InOut);
        }
        message.setBody(json.writeValueAsBytes(request));
        exchange.setProperty(STARTED_NANOS, System.nanoTime());
    }

    /** Turns the agent's answer into the step's output, or throws what went wrong. */
    public Map<String, Object> interpret(Exchange exchange) {
        Message message = exchange.getMessage();
        String agent = exchange.getProperty(CallProperties.AGENT, String.class);
        String instance = exchange.getProperty(CallProperties.INSTANCE, String.class);
        // a reply over another transport has no status code: its body says how the call went
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        if (message.getBody() instanceof Map<?, ?> reply) {
            // a Camel route as the agent may reply with the result as a map rather than as JSON text
            recordAnswer(exchange, agent);
            return outcome(agent, instance, reply, String.valueOf(reply));
        }
        String body = message.getBody(String.class);
        recordAnswer(exchange, agent);
        if (status == 429 || status >= 500) {
            throw new AgentCallException(agent + " answered HTTP " + status + describe(body), true,
                    retryAfter(message.getHeader("Retry-After", String.class)), instance);
        }
        if (status == 202) {
            // the agent answers later, at the callbackUrl: the step's route waits for it
            exchange.setProperty(CallProperties.ACCEPTED, true);
            return Map.of();
        }
        if (status < 200 || status >= 300) {
            throw new AgentFailureException(agent + " answered HTTP " + status + describe(body), instance);
        }
        return readResult(agent, instance, body);
    }

    private void recordAnswer(Exchange exchange, String agent) {
        Long started = exchange.getProperty(STARTED_NANOS, Long.class);
        if (started != null) {
            metrics.answered(agent, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /**
     * The answer read once, straight into maps and lists: read as a tree and then converted, every
     * agent call parsed it twice (both showed in profiles).
     */
    private Map<String, Object> readResult(String agent, String instance, String body) {
        Object answer;
        try {
            answer = body == null || body.isBlank() ? null : json.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            throw new AgentFailureException(agent + " answered with a body that is not JSON: " + abbreviate(body),
                    instance);
        }
        return outcome(agent, instance, answer instanceof Map<?, ?> map ? map : Map.of(), body);
    }

    private static Map<String, Object> outcome(String agent, String instance, Map<?, ?> fields, String body) {
        return switch (fields.get("status") instanceof String status ? status : "") {
            case "success" -> outputOf(fields);
            case "failure" -> throw new AgentFailureException(
                    agent + " reported failure: " + errorOf(fields), instance);
            default -> throw new AgentFailureException(agent + " answered without \"status\": \"success\" or "
                    + "\"failure\": " + abbreviate(body), instance);
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> outputOf(Map<?, ?> answer) {
        Object output = answer.get("output");
        if (output == null) {
            return Map.of();
        }
        if (!(output instanceof Map<?, ?> object)) {
            return Map.of("value", output);
        }
        return (Map<String, Object>) object;
    }

    /** The failure's {@code error} as text, as the protocol's readers have always shown it. */
    private static String errorOf(Map<?, ?> answer) {
        Object error = answer.get("error");
        if (error == null) {
            return "(no error given)";
        }
        // a JSON object or array has no text of its own
        return error instanceof Map<?, ?> || error instanceof List<?> ? "" : String.valueOf(error);
    }

    /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String describe(String body) {
        return body == null || body.isBlank() ? "" : ": " + abbreviate(body);
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "(empty)";
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }
}
