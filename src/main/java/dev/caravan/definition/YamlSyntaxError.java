package dev.caravan.definition;

import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML syntax error as a user should read it: SnakeYAML's usual problems said in plain words, at
 * the place that needs fixing (for an unclosed quote, where the quote opened, not the end of file).
 *
 * @param position where to look
 * @param message what is wrong
 */
record YamlSyntaxError(SourcePosition position, String message) {

    private static final List<UsualProblem> USUAL_PROBLEMS = List.of(
            new UsualProblem("while scanning an alias",
                    "a value starting with * must be quoted, like \"*/5 * * * *\"; unquoted, * starts an alias", true),
            new UsualProblem("expected <block end>", "bad indentation: this line does not line up with the lines before it", false),
            new UsualProblem("mapping values are not allowed here",
                    "unexpected ':' (a value with ': ' in it needs quotes, or the indentation is off)", false),
            new UsualProblem("cannot start any token", "a tab cannot indent YAML; use spaces", false),
            new UsualProblem("could not find expected ':'", "a key without ':' after it", true),
            new UsualProblem("found unexpected end of stream", "a quote is not closed", true),
            new UsualProblem("undefined alias", "aliases (*name) are not allowed: a workflow file is plain data", false),
            new UsualProblem("another document", "a workflow file holds one YAML document; remove the second '---'", false));

    /** SnakeYAML's words for a problem, the user's words for it, and whether to point where the construct began. */
    private record UsualProblem(String snakeYamlWords, String userWords, boolean atStart) {
    }

    static YamlSyntaxError of(MarkedYAMLException e) {
        String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
        String words = (e.getContext() == null ? "" : e.getContext() + " ") + problem;
        for (UsualProblem usual : USUAL_PROBLEMS) {
            if (words.contains(usual.snakeYamlWords())) {
                Mark mark = usual.atStart() && e.getContextMark() != null ? e.getContextMark() : e.getProblemMark();
                return new YamlSyntaxError(YamlTreeReader.at(mark, ""), "invalid YAML: " + usual.userWords());
            }
        }
        return new YamlSyntaxError(YamlTreeReader.at(e.getProblemMark(), ""), "invalid YAML: " + problem);
    }
}
