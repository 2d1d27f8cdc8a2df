package dev.caravan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** A request body that does not fit is refused with where, what was wanted and what came: no Java types. */
class RequestJsonTest {

    private static final RequestJson.Kind BODY = new RequestJson.Kind("the request body", "send a JSON object");

    private final RequestJson requests = new RequestJson(mapper());

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build());
        return mapper;
    }

    @Test
    void aNumberIsNotABooleanNorAFractionAWholeNumber() {
        assertRefused("{\"workflow\": \"w\", \"wait\": 1}", RunApi.ExecuteBody.class)
                .hasMessage("/wait in the request body must be true or false, not the number 1");
        assertRefused("{\"workflow\": \"w\", \"wait\": 0.0}", RunApi.ExecuteBody.class)
                .hasMessage("/wait in the request body must be true or false, not the number 0.0");
        assertRefused("{\"from\": \"a\", \"to\": \"b\", \"max_parallel\": 2.5}", BackfillApi.BackfillBody.class)
                .hasMessage("/max_parallel in the request body must be a whole number, not the number 2.5");
        assertRefused("{\"max_parallel\": 99999999999}", BackfillApi.BackfillBody.class)
                .hasMessage("/max_parallel in the request body must be a whole number from -2147483648 to 2147483647, "
                        + "not the number 99999999999");
    }

    @Test
    void aValueOfTheWrongKindIsNamedByItsPointer() {
        assertRefused("[{\"workflow\": \"w\"}]", RunApi.ExecuteBody.class)
                .hasMessage("the request body must be an object, not an array");
        assertRefused("{\"workflow\": \"w\", \"params\": [1, 2]}", RunApi.ExecuteBody.class)
                .hasMessage("/params in the request body must be an object, not an array");
        assertRefused("{\"workflow\": {\"id\": \"w\"}}", RunApi.ExecuteBody.class)
                .hasMessage("/workflow in the request body must be a string, not an object");
        assertRefused("{\"workflow\": \"w\", \"params\": \"" + "x".repeat(100) + "\"}", RunApi.ExecuteBody.class)
                .hasMessage("/params in the request body must be an object, not the string \"" + "x".repeat(40) + "...\"");
        assertRefused("\"text\"", Map.class).hasMessage("the request body must be an object, not the string \"text\"");
    }

    @Test
    void nothingButWhiteSpaceMayFollowTheValue() {
        assertRefused("{\"workflow\": \"w\"} xyz", RunApi.ExecuteBody.class)
                .hasMessage("the request body goes on after its JSON value (line 1, column 19): send one JSON value");
        assertRefused("{\"workflow\": \"w\"}\n{\"workflow\": \"v\"}", RunApi.ExecuteBody.class)
                .hasMessage("the request body goes on after its JSON value (line 2, column 1): send one JSON value");
        assertRefused("1 2", Object.class)
                .hasMessage("the request body goes on after its JSON value (line 1, column 3): send one JSON value");
    }

    @Test
    void whatItSaidBeforeItStillSays() {
        assertRefused("{\"wiat\": true}", RunApi.ExecuteBody.class)
                .hasMessage("the request body has an unknown field 'wiat'; this operation takes params, version, wait, workflow");
        assertRefused("{workflow", RunApi.ExecuteBody.class)
                .hasMessageStartingWith("the request body is not valid JSON for this operation: ")
                .hasMessageEndingWith("(line 1, column 2)");
        assertRefused("xyz", RunApi.ExecuteBody.class).hasMessageStartingWith("the request body is not valid JSON for this operation: ");
        assertRefused(" \n", RunApi.ExecuteBody.class).hasMessage("the request has no body: send a JSON object");
        assertRefused("[".repeat(300) + "]".repeat(300), Object.class).hasMessage("the request body nests deeper than 200 levels");
    }

    @Test
    void aBodyThatFitsIsRead() throws IOException {
        RunApi.ExecuteBody body = requests.read(stream("{\"workflow\": \"w\", \"wait\": true, \"params\": {\"n\": 1}}"),
                RunApi.ExecuteBody.class, BODY);

        assertThat(body.waitForResult()).isTrue();
        assertThat(body.params()).isEqualTo(Map.of("n", 1));
        assertThat(requests.read(stream("null  "), Object.class, BODY)).isNull();
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String json, Class<?> type) {
        return assertThatThrownBy(() -> requests.read(stream(json), type, BODY))
                .isInstanceOf(BadRequestException.class)
                .satisfies(refused -> assertThat(refused.getMessage()).doesNotContain("java.", "$", "`", "dev.caravan"));
    }

    private static ByteArrayInputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
