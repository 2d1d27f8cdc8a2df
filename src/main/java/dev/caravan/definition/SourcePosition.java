package dev.caravan.definition;

/**
 * Where something stands in a workflow file: 1-based line and column, and its path in the YAML
 * tree as a JSON Pointer-like path ({@code steps[2].params.source}).
 */
public record SourcePosition(int line, int column, String path) {

    public static final SourcePosition UNKNOWN = new SourcePosition(0, 0, "");

    @Override
    public String toString() {
        return line + ":" + column + (path.isEmpty() ? "" : " " + path);
    }
}
