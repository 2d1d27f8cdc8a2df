package dev.caravan.agent;

import dev.caravan.definition.SourcePosition;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The registry file cannot be used. The message lists every problem found, one per line, each with
 * file, line, column and YAML path, so that one start-up attempt shows all that needs fixing.
 */
public class InvalidAgentRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** One thing wrong in the file; {@code position.line()} is 0 when the file itself is the problem. */
    public record Problem(String file, SourcePosition position, String message) {

        @Override
        public String toString() {
            String where = position.line() > 0 ? file + ":" + position.line() + ":" + position.column() : file;
            String path = position.path().isEmpty() ? "" : " " + position.path();
            return where + path + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    public InvalidAgentRegistryException(String file, List<Problem> problems) {
        super(describe(file, problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(String file, List<Problem> problems) {
        String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        return "Invalid agent registry " + file + " (" + count + "):"
                + problems.stream().map(problem -> "\n  " + problem).collect(Collectors.joining());
    }
}
