package dev.caravan.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.run.InvalidRequestException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Which failure is the client's (its message is the detail) and which the server's (a reference only). */
class ApiProblemsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ApiProblems problems = new ApiProblems(new Responses(json));

    @Test
    void anInvalidRequestIsA400WithItsMessage() throws Exception {
        JsonNode problem = answer(new InvalidRequestException("from must be before to"));

        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asText()).isEqualTo("from must be before to");
    }

    /** A library's IllegalArgumentException (Timestamp.from's) was a 400 that quoted it to the client. */
    @Test
    void anyOtherIllegalArgumentIsTheServersFaultAndItsMessageStaysInTheLog() throws Exception {
        JsonNode problem = answer(new IllegalArgumentException(new ArithmeticException("long overflow")));

        assertThat(problem.get("status").asInt()).isEqualTo(500);
        assertThat(problem.get("detail").asText()).doesNotContain("overflow").doesNotContain("java.")
                .contains(problem.get("reference").asText());
    }

    private JsonNode answer(Throwable failure) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setHeader(Exchange.HTTP_URI, "/api/somewhere");
            problems.answer(exchange, failure);
            assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/problem+json");
            return json.readTree(exchange.getMessage().getBody(String.class));
        }
    }
}
