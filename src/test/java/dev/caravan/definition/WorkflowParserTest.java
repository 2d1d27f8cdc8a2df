package dev.caravan.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowParserTest {

    private static final String ONE_STEP = """
            steps:
              - agent: agent1
                action: ping
            """;

    private final WorkflowParser parser = TestLanguage.parser();

    @Test
    void errorReadsLikeACompilerError() {
        assertThatThrownBy(() -> parser.parse("flows/x.yml", "name: X\nsteps:\n  - agent: agent1\n    action: ping\n    agnet: a\n"))
                .isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> {
                    assertThat(rejection.errors()).singleElement().hasToString(
                            "flows/x.yml:5:5: steps[0].agnet: unknown key 'agnet' (did you mean 'agent'?)");
                    assertThat(rejection.getMessage()).contains("1 error", "flows/x.yml:5:5");
                });
        assertThat(new ValidationError("x.yml", 1, 1, "", "the file is empty")).hasToString("x.yml:1:1: the file is empty");
    }

    @Test
    void workflowIdComesFromIdKeyThenFileNameThenName() {
        assertThat(parser.parse("anything.yml", "id: nightly\nname: N\n" + ONE_STEP).id()).isEqualTo("nightly");
        assertThat(parser.parse("/srv/flows/nightly-export.yaml", "name: N\n" + ONE_STEP).id()).isEqualTo("nightly-export");
        assertThat(parser.parse("C:\\flows\\Sync.YML", "name: N\n" + ONE_STEP).id()).isEqualTo("Sync");
        assertThat(parser.parse("api", "name: Complete Project Build\n" + ONE_STEP).id()).isEqualTo("complete-project-build");
        assertThat(parser.parse("api", "name: \"  Über Build #2!\"\n" + ONE_STEP).id()).isEqualTo("uber-build-2");
        assertThat(parser.parse("api", "name: 2024 report\n" + ONE_STEP).id()).isEqualTo("workflow-2024-report");
        assertThat(parser.parse("api", "name: \"!!!\"\n" + ONE_STEP).id()).isEqualTo("workflow");
    }

    @Test
    void aFileNameThatIsNoIdNeedsAnIdKey() {
        assertThatThrownBy(() -> parser.parse("flows/my flow.yml", "# nightly\nname: N\n" + ONE_STEP))
                .isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> assertThat(rejection.errors())
                        .singleElement().hasToString("flows/my flow.yml:2:1: the workflow id would be the file name 'my flow', which is "
                                + "not an id (a letter, then letters, digits, _ or -); rename the file or set id:"));
        assertThat(parser.parse("flows/my flow.yml", "id: my-flow\nname: N\n" + ONE_STEP).id()).isEqualTo("my-flow");
    }

    @Test
    void versionIsTextEvenWhenWrittenAsNumber() {
        assertThat(parser.parse("a.yml", "name: N\n" + ONE_STEP).version()).isEqualTo("1.0.0");
        assertThat(parser.parse("a.yml", "name: N\nversion: 1.10\n" + ONE_STEP).version()).isEqualTo("1.10");
        assertThat(parser.parse("a.yml", "name: N\nversion: 2\n" + ONE_STEP).version()).isEqualTo("2");
        assertThat(parser.parse("a.yml", "name: N\nversion: 2.1.0-rc1\n" + ONE_STEP).version()).isEqualTo("2.1.0-rc1");
    }

    /** Each limit is its database column's width (WorkflowSchema), so that a deploy or a run cannot fail on it. */
    @Test
    void textsTooLongForTheirColumnsAreRefusedWhereTheyAreWritten() {
        String text = "id: " + "w".repeat(201) + "\n"
                + "name: " + "n".repeat(501) + "\n"
                + "version: " + "v".repeat(101) + "\n"
                + "steps:\n"
                + "  - id: " + "s".repeat(101) + "\n"
                + "    agent: agent1\n"
                + "    action: ping\n"
                + "  - agent: agent1\n"
                + "    action: " + "a".repeat(101) + "\n"
                + "  - wait_for: { signal: " + "g".repeat(101) + " }\n";

        assertThatThrownBy(() -> parser.parse("long.yml", text))
                .isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> assertThat(rejection.errors())
                        .map(ValidationError::toString).containsExactly(
                                "long.yml:1:5: id: expected at most 200 characters",
                                "long.yml:2:7: name: expected at most 500 characters",
                                "long.yml:3:10: version: expected at most 100 characters",
                                "long.yml:5:9: steps[0].id: expected at most 100 characters",
                                "long.yml:9:13: steps[1].action: expected at most 100 characters",
                                "long.yml:10:25: steps[2].wait_for.signal: expected at most 100 characters"));
    }

    /**
     * The lengths are for new texts: a revision stored before them is read again as it was written.
     * Only what its columns took: PostgreSQL counts an emoji as one character, the binder as two.
     */
    @Test
    void aStoredRevisionIsReadAgainWhateverTheLengthsOfItsTexts() {
        String text = "name: " + "\uD83D\uDE80".repeat(300) + "\n"
                + "version: " + "\uD83D\uDE80".repeat(60) + "\n"
                + "steps:\n"
                + "  - { id: " + "s".repeat(150) + ", agent: agent1, action: ping }\n"
                + "  - { agent: agent1, action: " + "a".repeat(150) + " }\n"
                + "  - wait_for: { signal: " + "g".repeat(150) + " }\n";

        assertThatThrownBy(() -> parser.parse("long.yml", text))
                .isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> assertThat(rejection.errors())
                        .extracting(ValidationError::message).containsOnly("expected at most 500 characters",
                                "expected at most 100 characters"));
        WorkflowDefinition stored = parser.parseStored("long.yml", text);

        assertThat(stored.name()).hasSize(600);
        assertThat(stored.version()).hasSize(120);
        assertThat(stored.steps()).extracting(StepDefinition::id)
                .containsExactly("s".repeat(150), "a".repeat(150), "step3");
    }

    @Test
    void aScheduleLongerThanQuartzKeepsIsRefusedAtTheSchedule() {
        String minutes = String.join(",", java.util.stream.IntStream.range(0, 60).mapToObj(String::valueOf).toList());

        assertThatThrownBy(() -> parser.parse("cron.yml", "name: N\nschedule: \"" + minutes + " * * * *\"\n" + ONE_STEP))
                .isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> assertThat(rejection.errors())
                        .singleElement().satisfies(error -> {
                            assertThat(error.toString()).startsWith("cron.yml:2:11: schedule: the schedule is 179 characters "
                                    + "long as Quartz writes it ('0 0,1,2,");
                            assertThat(error.message()).endsWith("and Quartz keeps at most 120: use ranges and steps (0-30/5)");
                        }));
        assertThat(parser.parse("cron.yml", "name: N\nschedule: \"0-59 * * * *\"\n" + ONE_STEP).schedule()).isNotNull();
    }

    @Test
    void theLimitsCountAsTheDatabasesDo() {
        String atTheLimits = "id: " + "w".repeat(200) + "\nname: " + "n".repeat(500) + "\nversion: " + "1".repeat(100) + "\n"
                + "steps:\n  - agent: agent1\n    action: " + "a".repeat(100) + "\n";
        assertThat(parser.parse("limits.yml", atTheLimits).name()).hasSize(500);

        // 300 characters to the schema, 600 UTF-16 units to H2's VARCHAR(500)
        String emoji = "\uD83D\uDE80".repeat(300);
        assertThatThrownBy(() -> parser.parse("emoji.yml", "name: " + emoji + "\n" + ONE_STEP))
                .isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> assertThat(rejection.errors())
                        .singleElement().hasToString("emoji.yml:1:7: name: expected at most 500 characters"));
        assertThatThrownBy(() -> parser.parse("number.yml", "name: N\nversion: " + "9".repeat(101) + "\n" + ONE_STEP))
                .isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> assertThat(rejection.errors())
                        .singleElement().hasToString("number.yml:2:10: version: expected at most 100 characters"));
    }

    @Test
    void aWorkflowIdMadeOfTheFileNameOrTheNameIsNoLongerThanAnIdKey() {
        String longName = "w".repeat(201);
        assertThatThrownBy(() -> parser.parse("flows/" + longName + ".yml", "# long\nname: N\n" + ONE_STEP))
                .isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> assertThat(rejection.errors())
                        .singleElement().hasToString("flows/" + longName + ".yml:2:1: the workflow id would be the file name, "
                                + "201 characters long, and an id has at most 200; rename the file or set id:"));
        assertThatThrownBy(() -> parser.parse("api", "name: " + "Long name ".repeat(30) + "\n" + ONE_STEP))
                .isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> assertThat(rejection.errors())
                        .singleElement().hasToString("api:1:7: name: the workflow id would be made of the name, "
                                + "299 characters long, and an id has at most 200; set id:"));
        assertThat(parser.parse("api", "id: short\nname: " + "Long name ".repeat(30) + "\n" + ONE_STEP).id()).isEqualTo("short");
    }

    @Test
    void aTextOverTheSizeLimitIsRefusedBeforeItIsRead() {
        WorkflowParser small = new WorkflowParser(TestLanguage.AGENTS, TestLanguage.EXPRESSIONS, TestLanguage.TRIGGERS,
                new WorkflowLimits(100, 200));
        String workflow = "name: N\n" + ONE_STEP;
        // "é" is two bytes in UTF-8: the limit counts bytes, not characters
        String padding = "# " + "é".repeat((100 - workflow.length() - 3) / 2) + "\n";
        String atTheLimit = workflow + padding + "#".repeat(100 - workflow.length() - padding.getBytes(StandardCharsets.UTF_8).length);

        assertThat(atTheLimit.getBytes(StandardCharsets.UTF_8)).hasSize(100);
        assertThat(small.parse("a.yml", atTheLimit).name()).isEqualTo("N");
        // not even YAML: the size is the one error, found before the text is read
        assertThatThrownBy(() -> small.parse("a.yml", atTheLimit + "{["))
                .isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> assertThat(rejection.errors())
                        .singleElement().hasToString("a.yml:1:1: the workflow is larger than 100 bytes, the most Caravan "
                                + "takes (caravan.workflows.max-source-size)"));
        assertThat(small.parseStored("a.yml", workflow + "#".repeat(200)).name()).isEqualTo("N");
    }

    @Test
    void stepsOverTheStepLimitAreRefusedAtTheStepsKeyCountingNestedStepsAndParallelCalls() {
        WorkflowParser fewSteps = new WorkflowParser(TestLanguage.AGENTS, TestLanguage.EXPRESSIONS, TestLanguage.TRIGGERS,
                new WorkflowLimits(1024 * 1024, 6));
        String sixSteps = """
                name: N
                steps:
                  - { agent: agent1, action: a, parallel: [ { agent: agent2, action: b } ] }
                  - foreach: "params.items"
                    steps:
                      - { agent: agent1, action: c }
                  - loop: { while: "false", max_iterations: 2, steps: [ { agent: agent1, action: d } ] }
                """;
        assertThat(fewSteps.parse("six.yml", sixSteps).steps()).hasSize(3);

        String sevenSteps = sixSteps.replace("action: c }", "action: c }\n      - { agent: agent1, action: e, agnet: x }");
        // the unknown key is not reported: past the limit, nothing else is looked at
        assertThatThrownBy(() -> fewSteps.parse("seven.yml", sevenSteps))
                .isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> assertThat(rejection.errors())
                        .singleElement().hasToString("seven.yml:2:1: steps: the workflow has 7 steps, nested steps and parallel "
                                + "calls counted; Caravan takes at most 6 (caravan.workflows.max-steps)"));
        assertThat(fewSteps.parseStored("seven.yml", sevenSteps.replace(", agnet: x", "")).steps()).hasSize(3);
    }

    @Test
    void dependsOnKeepsImplicitApartFromRoot() throws IOException {
        WorkflowDefinition workflow = parseFixture("valid/fan-out-fan-in.yml");
        String text = "name: N\nsteps:\n  - agent: agent1\n    action: a\n  - agent: agent1\n    action: b\n";

        assertThat(workflow.steps().get(0).control().dependsOn()).isEmpty();
        assertThat(workflow.steps().get(2).control().dependsOn()).containsExactly("fetch_orders", "fetch_customers");
        assertThat(parser.parse("a.yml", text).steps().get(1).control().dependsOn()).isNull();
    }

    @Test
    void retryDefaultsAndOverrides() throws IOException {
        WorkflowDefinition workflow = parseFixture("valid/retry.yml");

        assertThat(workflow.errorHandling().retry()).isEqualTo(
                new RetryPolicy(5, RetryPolicy.Backoff.LINEAR, Duration.ofMillis(500), Duration.ofSeconds(10), false));
        assertThat(workflow.timeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(retryOf(workflow, 0)).isEqualTo(
                new RetryPolicy(2, RetryPolicy.Backoff.FIXED, Duration.ofSeconds(2), Duration.ofSeconds(30), true));
        assertThat(retryOf(workflow, 1)).isEqualTo(
                new RetryPolicy(3, RetryPolicy.Backoff.EXPONENTIAL, Duration.ofSeconds(1), Duration.ofSeconds(30), true));
        assertThat(retryOf(workflow, 2).maxDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(workflow.steps().get(2).control().timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(workflow.steps().get(3).control().retry()).isNull();
        assertThat(workflow.steps().get(3).control().continueOnFailure()).isTrue();
    }

    @Test
    void everyStepKindIsBoundWithItsDefaults() throws IOException {
        ForeachStep foreach = (ForeachStep) parseFixture("valid/foreach.yml").steps().getFirst();
        LoopStep loop = (LoopStep) parseFixture("valid/loop.yml").steps().get(1);
        BranchStep branch = (BranchStep) parseFixture("valid/branch.yml").steps().get(1);
        AgentStep capability = (AgentStep) parseFixture("valid/capability.yml").steps().getFirst();

        assertThat(foreach.items()).isEqualTo("params.files");
        assertThat(foreach.maxParallel()).isEqualTo(4);
        assertThat(foreach.steps()).extracting(StepDefinition::id).containsExactly("load", "check");
        assertThat(loop.whileExpression()).isEqualTo("iteration == 0 || status.state != 'done'");
        assertThat(loop.maxIterations()).isEqualTo(20);
        assertThat(loop.steps().getFirst().control().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(branch.thenSteps()).extracting(StepDefinition::id).containsExactly("deploy", "announce");
        assertThat(branch.elseSteps()).extracting(StepDefinition::id).containsExactly("open_ticket");
        assertThat(capability.call().agent()).isNull();
        assertThat(capability.call().capability()).isEqualTo("code-review");
        assertThat(capability.parallel().getFirst().capability()).isEqualTo("data-processing");
    }

    @Test
    void foreachRunsInOrderByDefaultAndStepsWithoutActionArePositional() {
        String text = """
                name: N
                steps:
                  - agent: agent1
                    action: list
                  - foreach: list.output.items
                    steps:
                      - agent: agent2
                        action: handle
                """;

        ForeachStep foreach = (ForeachStep) parser.parse("a.yml", text).steps().get(1);

        assertThat(foreach.id()).isEqualTo("step2");
        assertThat(foreach.maxParallel()).isEqualTo(1);
    }

    @Test
    void scheduleParamsAndFailureHooksAreBound() throws IOException {
        WorkflowDefinition scheduled = parseFixture("valid/schedule.yml");
        WorkflowDefinition hooked = parseFixture("valid/on-failure.yml");

        assertThat(scheduled.id()).isEqualTo("hourly-sync");
        assertThat(scheduled.version()).isEqualTo("2.10");
        assertThat(scheduled.schedule()).isEqualTo(new ScheduleDefinition("0 * * * 1-5", "Europe/Paris"));
        assertThat(scheduled.timeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(scheduled.params()).containsExactly(Map.entry("dryRun", false), Map.entry("limit", 500));
        assertThat(hooked.errorHandling().onFailure()).satisfiesExactly(
                agent -> assertThat(((FailureHook.AgentHook) agent).params()).containsEntry("severity", "high"),
                slack -> assertThat(slack).isEqualTo(new FailureHook.NotifyHook(FailureHook.Channel.SLACK, null, slack.position())),
                webhook -> assertThat(((FailureHook.NotifyHook) webhook).url()).isEqualTo("https://hooks.example.com/caravan"));
    }

    @Test
    void hookParamsMayHoldNullsAndKeepTheirOrder() {
        String text = "name: N\n" + ONE_STEP + """
                error_handling:
                  on_failure:
                    - agent: agent9
                      action: log_error
                      params: {zeta: 1, alpha:, mid: x}
                """;

        FailureHook.AgentHook hook = (FailureHook.AgentHook) parser.parse("a.yml", text).errorHandling().onFailure().getFirst();

        assertThat(hook.params().keySet()).containsExactly("zeta", "alpha", "mid");
        assertThat(hook.params()).containsEntry("alpha", null);
    }

    @Test
    void scalarsFollowYaml12SoYesAndNoStayText() {
        String text = """
                name: N
                params:
                  answer: yes
                  country: NO
                  enabled: true
                  count: 0x1F
                  ratio: 0.5
                  big: 12345678901
                  nothing:
                  list: [1, "two", {three: 3}]
                """ + ONE_STEP;

        Map<String, Object> params = parser.parse("a.yml", text).params();

        assertThat(params).containsEntry("answer", "yes").containsEntry("country", "NO").containsEntry("enabled", true)
                .containsEntry("count", 31).containsEntry("ratio", 0.5).containsEntry("big", 12345678901L)
                .containsEntry("nothing", null).containsEntry("list", List.of(1, "two", Map.of("three", 3)));
        assertThat(params.keySet()).containsExactly("answer", "country", "enabled", "count", "ratio", "big", "nothing", "list");
    }

    @Test
    void boundParamsCannotBeChanged() throws IOException {
        AgentStep step = (AgentStep) parseFixture("valid/templates.yml").steps().getFirst();
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = (Map<String, Object>) step.call().params().get("settings");

        assertThatThrownBy(() -> settings.put("title", "changed")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) step.call().params().get("tags")).clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void stepsRememberWhereTheyWereWritten() throws IOException {
        WorkflowDefinition workflow = parseFixture("valid/parallel.yml");
        AgentStep step = (AgentStep) workflow.steps().getFirst();

        assertThat(step.position()).isEqualTo(new SourcePosition(4, 5, "steps[0]"));
        assertThat(step.parallel().get(1).position()).isEqualTo(new SourcePosition(10, 9, "steps[0].parallel[1]"));
        assertThat(step.parallel()).extracting(AgentCall::id).containsExactly("security_scan", "perf");
    }

    @Test
    void withoutARegistryAnyAgentIsAccepted() {
        WorkflowParser shapeOnly = new WorkflowParser(AgentCatalog.ANY, TestLanguage.EXPRESSIONS);

        assertThat(shapeOnly.parse("a.yml", "name: N\nsteps:\n  - agent: billing\n    action: charge\n").steps()).hasSize(1);
    }

    @Test
    void expressionsAreCheckedWithTheGivenSyntax() {
        WorkflowParser strict = new WorkflowParser(TestLanguage.AGENTS, expression -> java.util.Optional.of("no: " + expression));
        String text = "name: N\nsteps:\n  - agent: agent1\n    action: a\n    params: {text: 'x ${ {\"k\": \"}\"}.k } y ${b}'}\n";

        assertThatThrownBy(() -> strict.parse("a.yml", text))
                .isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> assertThat(rejection.errors())
                        .extracting(ValidationError::message)
                        .containsExactly("no:  {\"k\": \"}\"}.k ", "no: b"));
    }

    @Test
    void aParserServesManyFilesAndKeepsNoStateBetweenThem() {
        String broken = "name: N\nsteps:\n  - agent: agent1\n    action: a\n    depends_on: [zz]\n";
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> parser.parse("b.yml", broken))
                    .isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> assertThat(rejection.errors()).hasSize(1));
            assertThat(parser.parse("a.yml", "name: N\n" + ONE_STEP).steps()).hasSize(1);
        }
    }

    private static RetryPolicy retryOf(WorkflowDefinition workflow, int step) {
        return workflow.steps().get(step).control().retry();
    }

    private WorkflowDefinition parseFixture(String path) throws IOException {
        Path file = Path.of("src/test/resources/workflows", path);
        return parser.parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    }
}
