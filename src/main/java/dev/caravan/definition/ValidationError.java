package dev.caravan.definition;

/**
 * One thing wrong with a workflow file, said where it is and in plain words.
 *
 * @param source the file or source name the text came from
 * @param line 1-based line of the offending node
 * @param column 1-based column of the offending node
 * @param path where the node sits in the YAML tree, like {@code steps[1].agent}; empty for the whole file
 * @param message what is wrong and, where possible, what was expected
 */
public record ValidationError(String source, int line, int column, String path, String message) {

    /** Reads like a compiler error: {@code source:line:column: path: message}. */
    @Override
    public String toString() {
        return source + ":" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
