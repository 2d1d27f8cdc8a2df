package dev.caravan.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed examples ship in {@code workflows/} unchanged and must parse as their authors meant. */
class SeedWorkflowsTest {

    private final WorkflowParser parser = TestLanguage.parser();

    @Test
    void buildProjectKeepsItsIdsDependenciesAndErrorHandling() throws IOException {
        WorkflowDefinition workflow = parse("build-project.yml");

        assertThat(workflow.id()).isEqualTo("build-project");
        assertThat(workflow.name()).isEqualTo("Complete Project Build");
        assertThat(workflow.version()).isEqualTo("1.0.0");
        assertThat(workflow.steps()).extracting(StepDefinition::id).containsExactly("scaffold", "build_api", "quality_check", "deploy");
        AgentStep scaffold = (AgentStep) workflow.steps().get(0);
        assertThat(scaffold.call().params()).isEqualTo(Map.of("template", "typescript-api", "name", "my-project"));
        AgentStep qualityCheck = (AgentStep) workflow.steps().get(2);
        assertThat(qualityCheck.parallel()).extracting(AgentCall::id, AgentCall::agent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("security_scan", "agent10"),
                        org.assertj.core.groups.Tuple.tuple("performance_test", "agent8"));
        StepDefinition deploy = workflow.steps().get(3);
        assertThat(deploy.control().dependsOn()).containsExactly("quality_check");
        assertThat(deploy.control().condition()).isEqualTo("quality_check.success && security_scan.passed");
        assertThat(workflow.errorHandling().retry())
                .isEqualTo(new RetryPolicy(3, RetryPolicy.Backoff.EXPONENTIAL, Duration.ofSeconds(1), Duration.ofSeconds(30), true));
        assertThat(workflow.errorHandling().onFailure()).hasSize(2);
        assertThat(workflow.errorHandling().onFailure().get(0)).isInstanceOfSatisfying(FailureHook.AgentHook.class, hook -> {
            assertThat(hook.agent()).isEqualTo("agent9");
            assertThat(hook.action()).isEqualTo("log_error");
        });
        assertThat(workflow.errorHandling().onFailure().get(1)).isInstanceOfSatisfying(FailureHook.NotifyHook.class,
                hook -> assertThat(hook.channel()).isEqualTo(FailureHook.Channel.SLACK));
    }

    @Test
    void completeProjectBuildTakesItsStepIdsFromActionsAndRunsInOrder() throws IOException {
        WorkflowDefinition workflow = parse("complete-project-build.yml");

        assertThat(workflow.id()).isEqualTo("complete-project-build");
        assertThat(workflow.steps()).extracting(StepDefinition::id)
                .containsExactly("scaffold_project", "create_api", "quality_check", "deploy");
        assertThat(workflow.steps()).allSatisfy(step -> assertThat(step.control().dependsOn()).isNull());
        assertThat(workflow.errorHandling().retry()).isEqualTo(RetryPolicy.NONE);
    }

    @Test
    void continuousMonitoringIsScheduledAndBranchesOnTheErrorRate() throws IOException {
        WorkflowDefinition workflow = parse("continuous-monitoring.yml");

        assertThat(workflow.schedule()).isEqualTo(new ScheduleDefinition("*/5 * * * *", "UTC"));
        assertThat(workflow.steps().get(2)).isInstanceOfSatisfying(BranchStep.class, branch -> {
            assertThat(branch.id()).isEqualTo("step3");
            assertThat(branch.control().condition()).isEqualTo("error_rate > 0.05");
            assertThat(branch.thenSteps()).extracting(StepDefinition::id).containsExactly("rollback");
            assertThat(branch.elseSteps()).isEmpty();
        });
    }

    @Test
    void dataProcessingPipelineKeepsItsParams() throws IOException {
        WorkflowDefinition workflow = parse("data-processing-pipeline.yml");

        assertThat(workflow.steps()).hasSize(5);
        assertThat(((AgentStep) workflow.steps().getFirst()).call().params()).containsEntry("source", "s3://bucket/data.csv");
        assertThat(workflow.steps()).extracting(step -> ((AgentStep) step).call().agent())
                .containsExactly("agent16", "agent16", "agent16", "agent11", "agent16");
    }

    private WorkflowDefinition parse(String fileName) throws IOException {
        String text = Files.readString(Path.of("workflows", fileName), StandardCharsets.UTF_8);
        WorkflowDefinition workflow = parser.parse(fileName, text);
        assertThat(workflow.source().text()).isEqualTo(text);
        return workflow;
    }
}
