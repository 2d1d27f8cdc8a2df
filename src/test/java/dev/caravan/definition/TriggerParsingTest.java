package dev.caravan.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code triggers:} bound to records, and held against the policy the parser was given. */
class TriggerParsingTest {

    @Test
    void triggersKeepTheirUriAsWrittenAndTakeTheirPositionAsDefaultId() throws Exception {
        String text = Files.readString(Path.of("src/test/resources/workflows/valid/triggers.yml"));

        WorkflowDefinition workflow = TestLanguage.parser().parse("triggers.yml", text);

        assertThat(workflow.triggers()).extracting(TriggerDefinition::id).containsExactly("1", "dropped");
        assertThat(workflow.triggers()).extracting(TriggerDefinition::uri)
                .containsExactly("timer:nightly?period=86400000", "file:orders?include=.*\\.json");
        assertThat(workflow.triggers().get(1).position()).isEqualTo(new SourcePosition(7, 5, "triggers[1]"));
    }

    @Test
    void aWorkflowWithoutTriggersHasNone() {
        WorkflowDefinition workflow = TestLanguage.parser().parse("plain.yml", """
                name: Plain
                steps:
                  - { agent: agent1, action: noop }
                """);

        assertThat(workflow.triggers()).isEmpty();
    }

    @Test
    void aParserGivenNoPolicyRefusesEveryTrigger() {
        WorkflowParser withoutPolicy = new WorkflowParser(TestLanguage.AGENTS, TestLanguage.EXPRESSIONS);

        assertThatThrownBy(() -> withoutPolicy.parse("timed.yml", """
                name: Timed
                triggers:
                  - uri: "timer:tick"
                steps:
                  - { agent: agent1, action: noop }
                """))
                .isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> assertThat(rejection.errors())
                        .containsExactly(new ValidationError("timed.yml", 3, 10, "triggers[0].uri",
                                "triggers are not accepted here: no trigger policy is configured")));
    }
}
