package dev.caravan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.caravan.definition.WorkflowSchema;
import dev.caravan.testing.CaravanIntegrationTest;
import dev.caravan.testing.LoggedStackTraces;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The REST API as a client sees it: JSON answers, problem+json errors, revisions. */
class ApiIT extends CaravanIntegrationTest {

    @Test
    void aBadWorkflowIsRejectedWithEveryErrorAndItsPosition() {
        HttpResponse<String> response = post("/api/definitions?name=broken.yml", "application/yaml", """
                name: Broken
                steps:
                  - id: one
                    agnet: agent1
                    action: create_api
                  - id: two
                    agent: agent404
                    action: deploy
                """);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("title").asText()).isEqualTo("Invalid workflow");
        assertThat(problem.get("errors")).isNotEmpty();
        JsonNode first = problem.get("errors").get(0);
        assertThat(first.get("source").asText()).isEqualTo("broken.yml");
        assertThat(first.get("line").asInt()).isEqualTo(4);
        assertThat(first.get("column").asInt()).isEqualTo(5);
        assertThat(first.get("message").asText()).contains("agnet").contains("did you mean 'agent'");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.caravan");
        assertThat(get("/api/definitions/broken").statusCode()).isEqualTo(404);
    }

    /** 3,000 steps took minutes to deploy, holding up every other deploy; 20,000 were a 500 (a stack overflow). */
    @Test
    void aWorkflowOverTheStepLimitIsRefusedAtItsStepsKey() {
        StringBuilder text = new StringBuilder("id: too-many-steps\nname: Too many steps\nsteps:\n");
        for (int i = 0; i < 201; i++) {
            text.append("  - { id: s").append(i).append(", agent: agent1, action: create_api }\n");
        }

        HttpResponse<String> response = post("/api/definitions?name=many.yml", "application/yaml", text.toString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("errors")).singleElement().satisfies(error -> {
            assertThat(error.get("line").asInt()).isEqualTo(3);
            assertThat(error.get("column").asInt()).isEqualTo(1);
            assertThat(error.get("path").asText()).isEqualTo("steps");
            assertThat(error.get("message").asText()).isEqualTo("the workflow has 201 steps, nested steps and parallel calls "
                    + "counted; Caravan takes at most 200 (caravan.workflows.max-steps)");
        });
        assertThat(get("/api/definitions/too-many-steps").statusCode()).isEqualTo(404);
    }

    /**
     * A 30 MB text spun in the YAML reader for minutes, holding up every deploy. A text over the
     * workflow's limit (128 KB in these tests, below the API's 256 KB) is refused before it is read,
     * with or without a length; one at the limit deploys.
     */
    @Test
    void aWorkflowTextOverTheSizeLimitIsRefused() {
        String detail = "the workflow is larger than 128 KB, the most Caravan takes (caravan.workflows.max-source-size); "
                + "nothing was deployed";
        String workflow = "id: largest\nname: Largest\nsteps:\n  - { agent: agent16, action: ingest_data }\n";
        String atTheLimit = workflow + "#".repeat(128 * 1024 - workflow.length());

        assertProblem(post("/api/definitions", "application/yaml", atTheLimit + "#"), 413, detail, "/api/definitions");
        HttpRequest chunked = authorized(HttpRequest.newBuilder(uri("/api/definitions"))).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        (atTheLimit + "#").getBytes(StandardCharsets.UTF_8)))).build();
        assertProblem(send(chunked), 413, detail, "/api/definitions");
        assertThat(post("/api/definitions", "application/yaml", atTheLimit).statusCode()).isEqualTo(201);
    }


    /** A longer name went into the workflow.rejected event's correlation id, a column of 200: a 500. */
    @Test
    void aSourceNameLongerThanTheLimitIsABadRequestThatNamesIt() {
        String name = "n".repeat(197) + ".yml";

        assertProblem(post("/api/definitions?name=" + name, "application/yaml", "name: N\nsteps: []\n"), 400,
                "a workflow's source name (the file name, or ?name=) has at most 200 characters; this one has 201",
                "/api/definitions");
    }

    @Test
    void deployingTheSameTextTwiceChangesNothingAndNewTextMakesANewRevision() {
        String text = """
                id: revisions
                name: Revisions
                steps:
                  - { agent: agent16, action: ingest_data }
                """;
        HttpResponse<String> first = post("/api/definitions", "application/yaml", text);
        HttpResponse<String> again = post("/api/definitions", "application/yaml", text);
        HttpResponse<String> changed = post("/api/definitions", "application/yaml", text + "description: changed\n");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("revision").asInt()).isEqualTo(json(first).get("revision").asInt());
        assertThat(changed.statusCode()).isEqualTo(201);
        assertThat(json(changed).get("revision").asInt()).isEqualTo(json(first).get("revision").asInt() + 1);

        JsonNode definition = json(get("/api/definitions/revisions"));
        assertThat(definition.get("source").asText()).endsWith("description: changed\n");
        assertThat(definition.get("revisions")).hasSize(2);
        HttpResponse<String> route = get("/api/definitions/revisions/route");
        assertThat(route.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/yaml"));
        assertThat(route.body()).contains("id: revisions.r2").contains("routeTemplateRef: step-call");
    }

    @Test
    void executeWithoutWaitAnswers202AndTheRunCanBeFollowed() {
        HttpResponse<String> accepted = post("/api/workflows/execute", "application/json",
                "{\"workflow\": \"data-processing-pipeline\", \"params\": {\"source\": \"s3://x\"}}");

        assertThat(accepted.statusCode()).isEqualTo(202);
        String runId = json(accepted).get("workflowId").asText();
        assertThat(accepted.headers().firstValue("Location")).hasValue("/api/workflows/" + runId);
        // where the run stands when the answer leaves: started, or (on a very slow machine) done
        assertThat(json(accepted).get("status").asText()).isIn("running", "success");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(json(get("/api/workflows/" + runId)).get("status").asText()).isEqualTo("success"));
        JsonNode result = json(get("/api/workflows/" + runId));
        assertThat(result.get("steps")).hasSize(5);
        assertThat(result.get("duration").asLong()).isNotNegative();
        JsonNode listed = json(get("/api/workflows?limit=1&workflow=data-processing-pipeline&status=success"));
        assertThat(listed.get("runs")).singleElement().satisfies(run -> {
            assertThat(run.get("workflow").asText()).isEqualTo("data-processing-pipeline");
            assertThat(run.get("status").asText()).isEqualTo("success");
        });
        assertThat(get("/api/workflows?status=sleeping").statusCode()).isEqualTo(400);
        assertProblem(get("/api/workflows?cursor=garbage"), 400, "cursor is not one this API returned: garbage", "/api/workflows");
        // a cursor of this form, at a time no run has: it was "java.lang.ArithmeticException: long overflow"
        String farOff = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("+1000000000-01-01T00:00:00Z|x".getBytes(StandardCharsets.UTF_8));
        assertProblem(get("/api/workflows?cursor=" + farOff), 400, "cursor is not one this API returned: " + farOff,
                "/api/workflows");
    }

    @Test
    void unknownThingsAre404ProblemsAndBadBodies400() {
        HttpResponse<String> missingRun = get("/api/workflows/no-such-run");
        assertThat(missingRun.statusCode()).isEqualTo(404);
        assertThat(json(missingRun).get("detail").asText()).isEqualTo("no run no-such-run");

        HttpResponse<String> unknownWorkflow = post("/api/workflows/execute", "application/json", "{\"workflow\": \"nope\"}");
        assertThat(unknownWorkflow.statusCode()).isEqualTo(404);
        assertThat(json(unknownWorkflow).get("detail").asText()).isEqualTo("no workflow 'nope' is deployed");

        HttpResponse<String> notJson = post("/api/workflows/execute", "application/json", "{workflow");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(notJson).get("detail").asText())
                .startsWith("the request body is not valid JSON for this operation: ").endsWith("(line 1, column 2)");

        // a misspelt field would otherwise run the workflow without waiting, without a word
        HttpResponse<String> misspelt = post("/api/workflows/execute", "application/json",
                "{\"workflow\": \"nope\", \"wiat\": true}");
        assertThat(misspelt.statusCode()).isEqualTo(400);
        assertThat(json(misspelt).get("detail").asText()).isEqualTo("the request body has an unknown field 'wiat'; "
                + "this operation takes params, version, wait, workflow");

        for (String nothing : new String[] {"", "  \n"}) {
            HttpResponse<String> noBody = post("/api/workflows/execute", "application/json", nothing);
            assertThat(noBody.statusCode()).isEqualTo(400);
            assertThat(json(noBody).get("detail").asText()).isEqualTo("the request has no body: send a JSON object");
        }
    }

    /**
     * A body that does not fit its operation is a 400 that says where (a JSON pointer), what was
     * wanted and what came, in the client's terms: Jackson's own words named Java types
     * (RunApi$ExecuteBody). A number is not a boolean ("wait": 1 ran as true), and nothing may
     * follow the JSON value (the rest was ignored).
     */
    @Test
    void aBodyThatDoesNotFitSaysWhereWhatWasWantedAndWhatCame() {
        assertProblem(post("/api/workflows/execute", "application/json", "{\"workflow\": \"nope\", \"wait\": 1}"), 400,
                "/wait in the request body must be true or false, not the number 1", "/api/workflows/execute");
        assertProblem(post("/api/workflows/execute", "application/json", "{\"workflow\": \"nope\"} xyz"), 400,
                "the request body goes on after its JSON value (line 1, column 22): send one JSON value",
                "/api/workflows/execute");
        assertProblem(post("/api/workflows/execute", "application/json", "[{\"workflow\": \"nope\"}]"), 400,
                "the request body must be an object, not an array", "/api/workflows/execute");
        assertProblem(post("/api/definitions/nope/backfill", "application/json", "{\"from\": 1, \"max_parallel\": 1.5}"),
                400, "/max_parallel in the request body must be a whole number, not the number 1.5",
                "/api/definitions/nope/backfill");
        HttpRequest twoValues = authorized(HttpRequest.newBuilder(uri("/api/state/two-values")))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("1 2")).build();
        assertProblem(send(twoValues), 400, "the value goes on after its JSON value (line 1, column 3): send one JSON value",
                "/api/state/two-values");
        assertThat(get("/api/state/two-values").statusCode()).isEqualTo(404);
    }

    @Test
    void aQueryNumberThatIsNotOneOrOutOfRangeIsABadRequestThatSaysSo() {
        assertProblem(get("/api/workflows?limit=abc"), 400, "limit must be a whole number between 1 and 1000, was 'abc'",
                "/api/workflows");
        assertProblem(get("/api/workflows?limit=5000"), 400, "limit must be between 1 and 1000, was 5000", "/api/workflows");
        assertProblem(get("/api/events?after=x"), 400, "after must be a whole number at least 0, was 'x'", "/api/events");
        assertProblem(get("/api/events?limit=0"), 400, "limit must be between 1 and 1000, was 0", "/api/events");
        assertThat(get("/api/events?after=0&limit=1").statusCode()).isEqualTo(200);
    }

    /**
     * A query parameter comes from the query string only: Camel's servlet binding puts request
     * headers and query parameters in one map, where a header {@code type: ...} filtered the events
     * as {@code ?type=...} would.
     */
    @Test
    void aRequestHeaderNamedLikeAQueryParameterIsNotOne() {
        HttpResponse<String> withHeaders = send(authorized(HttpRequest.newBuilder(uri("/api/events?limit=5")))
                .header("type", "no.such.type").header("after", "not-a-number").header("limit", "1").GET().build());

        assertThat(withHeaders.statusCode()).isEqualTo(200);
        assertThat(json(withHeaders).get("events")).hasSize(5);
        assertThat(json(get("/api/events?type=no.such.type")).get("events")).isEmpty();
        HttpResponse<String> runs = send(authorized(HttpRequest.newBuilder(uri("/api/workflows?limit=1")))
                .header("status", "sleeping").header("cursor", "garbage").GET().build());
        assertThat(runs.statusCode()).isEqualTo(200);
    }

    /** Java's HTTP client will not send a malformed percent-encoding: it goes over a socket. */
    @Test
    void aQueryParameterIsPercentDecodedAndOneThatCannotBeIsABadRequest() throws IOException {
        assertThat(json(get("/api/events?type=orchestrator%2Estarted&limit=1")).get("events"))
                .singleElement().satisfies(event -> assertThat(event.get("type").asText()).isEqualTo("orchestrator.started"));

        String response = rawExchange("GET /api/workflows?status=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8))
                + "\r\nConnection: close\r\n\r\n");
        // the body may come in chunks: its detail is looked for in the text
        assertThat(response).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/problem+json")
                .contains("\"detail\":\"the query parameter status is not valid percent-encoding: %zz\"");
    }

    /**
     * A JSON value nested deeper than Caravan reads is refused where it comes in: taken at 999 levels,
     * a state value made every page of /api/events that held its event a 500, since its event could
     * not be written back. A body that is JSON null is a 400 too, not a NullPointerException.
     */
    @Test
    void aBodyNestedTooDeepOrNullIsABadRequestAndTheEventsStayReadable() {
        String deep = "{\"a\":".repeat(300) + "1" + "}".repeat(300);
        HttpRequest put = authorized(HttpRequest.newBuilder(uri("/api/state/too-deep")))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(deep)).build();

        assertProblem(send(put), 400, "the value nests deeper than 200 levels", "/api/state/too-deep");
        assertProblem(post("/api/workflows/execute", "application/json",
                "{\"workflow\": \"data-processing-pipeline\", \"params\": " + deep + "}"), 400,
                "the request body nests deeper than 200 levels", "/api/workflows/execute");
        assertProblem(post("/api/workflows/execute", "application/json", "null"), 400,
                "the request body is null: send a JSON object", "/api/workflows/execute");
        assertThat(get("/api/events?limit=1000").statusCode()).isEqualTo(200);
    }

    /**
     * A gzip body is inflated before its handler reads it, within the API's body limit (256 KB in
     * these tests); a body that is not gzip, or inflates past the limit (a zip bomb), is refused
     * before Camel reads it, and so is a body over the limit sent as it is, with or without a length.
     * Camel inflated without a limit and failed on a body that was not gzip with a 500 and a stack trace.
     */
    @Test
    void aBodyIsInflatedFromGzipWithinTheLimitAndRefusedPastIt() throws IOException {
        try (LoggedStackTraces logged = LoggedStackTraces.capture()) {
            assertProblem(send(execute(gzip("{\"workflow\": \"nope\"}")).header("Content-Encoding", "gzip").build()),
                    404, "no workflow 'nope' is deployed", "/api/workflows/execute");
            assertProblem(send(execute("{\"workflow\": \"nope\"}".getBytes(StandardCharsets.UTF_8))
                    .header("Content-Encoding", "gzip").build()), 400,
                    "the request body is not gzip data, though its Content-Encoding says gzip", "/api/workflows/execute");
            byte[] bomb = gzip("{\"workflow\": \"nope\"" + " ".repeat(300 * 1024) + "}");
            assertThat(bomb.length).isLessThan(2_000);
            assertProblem(send(execute(bomb).header("Content-Encoding", "gzip").build()), 413,
                    "the request body is more than the 256 KB the API takes once inflated from gzip", "/api/workflows/execute");

            byte[] large = ("{\"workflow\": \"nope\"" + " ".repeat(300 * 1024) + "}").getBytes(StandardCharsets.UTF_8);
            assertProblem(send(execute(large).build()), 413,
                    "the request body is " + large.length + " bytes, more than the 256 KB the API takes", "/api/workflows/execute");
            assertProblem(send(chunked(large)), 413, "the request body is more than the 256 KB the API takes",
                    "/api/workflows/execute");
            // one byte past the limit, at the body's very end
            byte[] justOver = ("{\"workflow\": \"nope\"" + " ".repeat(256 * 1024 - 19) + "}").getBytes(StandardCharsets.UTF_8);
            assertThat(justOver).hasSize(256 * 1024 + 1);
            assertProblem(send(chunked(justOver)), 413, "the request body is more than the 256 KB the API takes",
                    "/api/workflows/execute");
            assertProblem(send(chunked("{\"workflow\": \"nope\"}".getBytes(StandardCharsets.UTF_8))), 404,
                    "no workflow 'nope' is deployed", "/api/workflows/execute");

            HttpResponse<String> unknownCoding = send(execute(new byte[] {1, 2, 3}).header("Content-Encoding", "br").build());
            assertProblem(unknownCoding, 415, "Content-Encoding br is not one the API reads: send the body as it is, "
                    + "or gzip-compressed with Content-Encoding: gzip", "/api/workflows/execute");
            assertThat(unknownCoding.headers().firstValue("Accept-Encoding")).hasValue("gzip");

            assertThat(logged.inWebLayer()).isEmpty();
        }
    }

    /**
     * An operation that consumes JSON refuses a body of another type with a 415 that names the type
     * it takes (a form body, what curl -d sends, was a 500 with a stack trace in the log); a body
     * without a Content-Type is read as the operation's type. An Accept that takes nothing the
     * operation answers is a 406.
     */
    @Test
    void aBodyOfATypeTheOperationDoesNotTakeIs415AndAnAcceptItCannotMeet406() {
        try (LoggedStackTraces logged = LoggedStackTraces.capture()) {
            HttpResponse<String> form = post("/api/workflows/execute", "application/x-www-form-urlencoded", "workflow=nope");
            assertProblem(form, 415, "this operation takes application/json, not application/x-www-form-urlencoded "
                    + "(curl -d sends application/x-www-form-urlencoded unless told: add -H 'Content-Type: application/json')",
                    "/api/workflows/execute");
            assertThat(form.headers().firstValue("Accept")).hasValue("application/json");
            HttpRequest text = authorized(HttpRequest.newBuilder(uri("/api/state/typed"))).header("Content-Type", "text/plain")
                    .PUT(HttpRequest.BodyPublishers.ofString("1")).build();
            assertProblem(send(text), 415,
                    "this operation takes application/json, not text/plain", "/api/state/typed");
            assertProblem(post("/api/definitions", "application/x-www-form-urlencoded", "id: typed"), 415,
                    "this operation takes application/yaml, text/yaml, application/x-yaml or text/plain, not "
                    + "application/x-www-form-urlencoded (curl -d sends application/x-www-form-urlencoded unless told: "
                    + "add -H 'Content-Type: application/yaml')", "/api/definitions");
            assertThat(logged.inWebLayer()).isEmpty();
        }
        HttpRequest untyped = authorized(HttpRequest.newBuilder(uri("/api/workflows/execute")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"workflow\": \"nope\"}")).build();
        assertProblem(send(untyped), 404, "no workflow 'nope' is deployed", "/api/workflows/execute");
        assertProblem(post("/api/workflows/execute", "application/json; charset=utf-8", "{\"workflow\": \"nope\"}"),
                404, "no workflow 'nope' is deployed", "/api/workflows/execute");

        HttpRequest xml = authorized(HttpRequest.newBuilder(uri("/api/agents"))).header("Accept", "application/xml").GET().build();
        assertProblem(send(xml), 406, "this operation answers application/json (its errors application/problem+json), "
                + "which Accept 'application/xml' does not take", "/api/agents");
        HttpRequest browser = authorized(HttpRequest.newBuilder(uri("/api/agents")))
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").GET().build();
        assertThat(send(browser).statusCode()).isEqualTo(200);
    }

    private HttpRequest.Builder execute(byte[] body) {
        return authorized(HttpRequest.newBuilder(uri("/api/workflows/execute")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** Without a Content-Length: the client streams it chunked. */
    private HttpRequest chunked(byte[] body) {
        return authorized(HttpRequest.newBuilder(uri("/api/workflows/execute"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream zipped = new GZIPOutputStream(bytes)) {
            zipped.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** A key longer than its event's correlation id takes was a 500 (value too long for the column). */
    @Test
    void aStateKeyLongerThanTheLimitIsABadRequestThatNamesIt() {
        String tooLong = "k".repeat(201);
        HttpRequest put = authorized(HttpRequest.newBuilder(uri("/api/state/" + tooLong)))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("1")).build();

        assertProblem(send(put), 400, "a state key has at most 200 characters; this one has 201", "/api/state/" + tooLong);
        assertThat(get("/api/state/" + tooLong).statusCode()).isEqualTo(404);
        String longest = "k".repeat(200);
        HttpRequest fits = authorized(HttpRequest.newBuilder(uri("/api/state/" + longest)))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("1")).build();
        assertThat(send(fits).statusCode()).isEqualTo(201);
    }

    @Test
    void aPathOrMethodTheApiDoesNotHaveIsAProblemToo() {
        assertProblem(get("/api/no-such-thing"), 404, "the API has no operation at /api/no-such-thing",
                "/api/no-such-thing");

        JsonNode wrongMethod = assertProblem(post("/api/workflows/some-run", "application/json", "{}"), 405,
                "POST is not an operation of /api/workflows/some-run", "/api/workflows/some-run");
        assertThat(wrongMethod.get("title").asText()).isEqualTo("Method Not Allowed");
    }

    /**
     * The OpenAPI document lists every operation of routes/rest.yaml under its id, with the query
     * and header parameters a client must know (optional ones not required) and the statuses it
     * answers, at least one a success; it names the API's server and needs credentials like the rest.
     */
    @Test
    void theOpenApiDocumentDescribesEveryOperation() throws Exception {
        assertThat(anonymous("/api/openapi.json").statusCode()).isEqualTo(401);
        JsonNode document = json(get("/api/openapi.json"));

        assertThat(document.get("openapi").asText()).startsWith("3.");
        assertThat(document.get("info").get("title").asText()).isEqualTo("Caravan API");
        assertThat(document.get("servers").get(0).get("url").asText()).endsWith("/api");
        Map<String, JsonNode> operations = new HashMap<>();
        document.get("paths").forEach(path -> path.forEach(operation -> operations.put(operation.get("operationId").asText(), operation)));
        assertThat(operations.keySet()).containsExactlyInAnyOrderElementsOf(restOperationIds());
        assertThat(document.get("paths").has("/workflows/{workflowId}/steps/{stepId}/callback")).isTrue();
        assertThat(parameterNames(operations.get("events"))).containsExactlyInAnyOrder("after", "type", "correlationId", "limit");
        assertThat(parameterNames(operations.get("runs"))).containsExactlyInAnyOrder("status", "workflow", "limit", "cursor");
        assertThat(parameterNames(operations.get("callback"))).contains("workflowId", "stepId", "token");
        assertThat(responseCodes(operations.get("execute"))).contains("200", "202", "400", "404");
        // an operation without responseMessage gets only Camel's empty "default" response: no 2xx
        assertThat(operations).allSatisfy((id, operation) -> assertThat(responseCodes(operation)).as(id)
                .anyMatch(code -> code.startsWith("2")));
        JsonNode statePut = operations.get("state-put");
        assertThat(responseCodes(statePut)).contains("200", "201", "412");
        assertThat(statePut.get("parameters")).anySatisfy(parameter -> {
            assertThat(parameter.get("name").asText()).isEqualTo("If-Match");
            assertThat(parameter.get("in").asText()).isEqualTo("header");
            assertThat(parameter.path("required").asBoolean()).isFalse();
        });
        // Camel documents a param as required unless it says otherwise
        assertThat(operations.get("events").get("parameters")).allSatisfy(parameter ->
                assertThat(parameter.path("required").asBoolean()).as(parameter.get("name").asText()).isFalse());
    }

    /** Every operation id declared in routes/rest.yaml, read from the file itself. */
    private static List<String> restOperationIds() throws IOException {
        JsonNode rest = new ObjectMapper(new YAMLFactory()).readTree(Path.of("routes/rest.yaml").toFile()).get(0).get("rest");
        List<String> ids = new ArrayList<>();
        for (String verb : List.of("get", "post", "put", "delete")) {
            rest.path(verb).forEach(operation -> ids.add(operation.get("id").asText()));
        }
        return ids;
    }

    private static List<String> responseCodes(JsonNode operation) {
        List<String> codes = new ArrayList<>();
        operation.path("responses").fieldNames().forEachRemaining(codes::add);
        return codes;
    }

    private static List<String> parameterNames(JsonNode operation) {
        List<String> names = new ArrayList<>();
        operation.path("parameters").forEach(parameter -> names.add(parameter.get("name").asText()));
        return names;
    }

    @Test
    void theSchemaAndTheAgentsAreServed() {
        HttpResponse<String> schema = get("/api/schema/workflow");
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(schema.body()).isEqualTo(WorkflowSchema.json());

        JsonNode agents = json(get("/api/agents"));
        assertThat(agents.get("demo").asBoolean()).isTrue();
        JsonNode agent10 = null;
        for (JsonNode agent : agents.get("agents")) {
            if (agent.get("id").asText().equals("agent10")) {
                agent10 = agent;
            }
        }
        assertThat(agent10).isNotNull();
        assertThat(agent10.get("name").asText()).isEqualTo("Security Scanner");
        assertThat(agent10.get("demo").asBoolean()).isTrue();
        assertThat(agent10.get("circuit").asText()).isEqualTo("closed");
    }
}
