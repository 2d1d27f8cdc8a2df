package dev.caravan.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The usual YAML mistakes are one error each, in plain words, where the fix goes. */
class YamlSyntaxErrorTest {

    private final WorkflowParser parser = TestLanguage.parser();

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("name: x\nsteps:\n  - agent: agent1\n    action: a: b\n",
                        "x.yml:4:14: invalid YAML: unexpected ':' (a value with ': ' in it needs quotes, or the indentation is off)"),
                Arguments.of("name: x\nsteps:\n\t- agent: agent1\n", "x.yml:3:1: invalid YAML: a tab cannot indent YAML; use spaces"),
                Arguments.of("name: \"x\nsteps:\n", "x.yml:1:7: invalid YAML: a quote is not closed"),
                Arguments.of("name: x\nsteps:\n  - agent: agent1\n    action a\n", "x.yml:4:5: invalid YAML: a key without ':' after it"),
                Arguments.of("name: x\n---\nname: y\n",
                        "x.yml:2:1: invalid YAML: a workflow file holds one YAML document; remove the second '---'"),
                Arguments.of("name: x\nsteps: *all\n", "x.yml:2:8: invalid YAML: aliases (*name) are not allowed: a workflow file is plain data"),
                Arguments.of("", "x.yml:1:1: the file is empty; a workflow needs at least name: and steps:"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void mistakeIsOneErrorInPlainWords(String text, String expected) {
        assertThatThrownBy(() -> parser.parse("x.yml", text))
                .isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> assertThat(rejection.errors()).singleElement().hasToString(expected));
    }
}
