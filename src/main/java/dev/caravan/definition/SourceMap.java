package dev.caravan.definition;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where each node of a parsed file was written, by its path ({@code steps[1].params.source}).
 * Keys and values have separate positions: an unknown key is shown at the key, a wrong value at
 * the value. A path that was never written (a missing key) falls back to its nearest ancestor.
 */
final class SourceMap {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private final Map<String, SourcePosition> values = new HashMap<>();
    private final Map<String, SourcePosition> keys = new HashMap<>();

    /** The path of {@code key} inside the mapping at {@code parent}. */
    static String child(String parent, String key) {
        if (!PLAIN_KEY.matcher(key).matches()) {
            return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
        }
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** The path of item {@code index} (0-based) of the sequence at {@code parent}. */
    static String item(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The path one level up: {@code steps[1]} for {@code steps[1].agent}, {@code ""} for {@code name}. */
    static String parentOf(String path) {
        if (path.endsWith("\"]")) {
            return path.substring(0, path.lastIndexOf("[\""));
        }
        if (path.endsWith("]")) {
            return path.substring(0, path.lastIndexOf('['));
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    void value(String path, int line, int column) {
        values.put(path, new SourcePosition(line, column, path));
    }

    void key(String path, int line, int column) {
        keys.put(path, new SourcePosition(line, column, path));
    }

    /** Whether {@code path} was written in the file (a default value, like a step id from its action, was not). */
    boolean written(String path) {
        return values.containsKey(path);
    }

    /** Where the value at {@code path} starts, reported under {@code path}. */
    SourcePosition valueAt(String path) {
        String written = path;
        while (!values.containsKey(written) && !written.isEmpty()) {
            written = parentOf(written);
        }
        SourcePosition found = values.getOrDefault(written, SourcePosition.UNKNOWN);
        return new SourcePosition(found.line(), found.column(), path);
    }

    /** Where the key of the entry at {@code path} was written, or its value when it has no key. */
    SourcePosition keyAt(String path) {
        SourcePosition key = keys.get(path);
        return key != null ? key : valueAt(path);
    }
}
