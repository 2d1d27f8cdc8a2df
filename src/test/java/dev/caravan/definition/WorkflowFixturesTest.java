package dev.caravan.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code workflows/valid} parses; every file under {@code workflows/invalid} is
 * rejected with exactly the errors its {@code # expect: line:column path: message} comments list,
 * in that order.
 */
class WorkflowFixturesTest {

    private static final Path FIXTURES = Path.of("src/test/resources/workflows");
    private static final String EXPECT = "# expect: ";

    private final WorkflowParser parser = TestLanguage.parser();

    static Stream<Path> validFiles() throws IOException {
        return files("valid");
    }

    static Stream<Path> invalidFiles() throws IOException {
        return files("invalid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void validWorkflowParses(Path file) throws IOException {
        String text = read(file);

        WorkflowDefinition workflow = parser.parse(file.getFileName().toString(), text);

        assertThat(workflow.steps()).isNotEmpty();
        assertThat(workflow.source().text()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void invalidWorkflowIsRejectedWithExactlyTheExpectedErrors(Path file) throws IOException {
        String text = read(file);
        List<String> expected = text.lines().filter(line -> line.startsWith(EXPECT))
                .map(line -> line.substring(EXPECT.length())).toList();
        assertThat(expected).as("a fixture states its expected errors").isNotEmpty();
        String source = file.getFileName().toString();

        assertThatThrownBy(() -> parser.parse(source, text))
                .isInstanceOfSatisfying(WorkflowValidationException.class, rejection -> {
                    assertThat(rejection.errors()).extracting(ValidationError::source).containsOnly(source);
                    assertThat(rejection.errors()).map(WorkflowFixturesTest::asExpectation).containsExactlyElementsOf(expected);
                });
    }

    /** The form an expectation is written in: {@code line:column path: message}, path left out when empty. */
    private static String asExpectation(ValidationError error) {
        return error.line() + ":" + error.column() + " " + (error.path().isEmpty() ? "" : error.path() + ": ") + error.message();
    }

    private static Stream<Path> files(String folder) throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES.resolve(folder))) {
            return files.filter(file -> file.toString().endsWith(".yml")).sorted().toList().stream();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
