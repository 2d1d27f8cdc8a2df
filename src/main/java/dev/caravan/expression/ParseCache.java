package dev.caravan.expression;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed expressions by text, good and bad alike: expressions are evaluated on every run and
 * parsed once. Bounded: when full it starts over, which keeps memory flat without the bookkeeping
 * of an LRU (deployed workflows hold far fewer expressions than the bound).
 */
final class ParseCache {

    /** An expression's checked tree, or why it is not an expression. */
    record Parsed(ExpressionNode node, String problem) {
    }

    private final int capacity;
    private final Map<String, Parsed> entries = new ConcurrentHashMap<>();

    ParseCache(int capacity) {
        this.capacity = capacity;
    }

    Parsed get(String text) {
        if (text == null || text.length() > ExpressionCompiler.MAX_LENGTH) {
            return parse(text);
        }
        Parsed cached = entries.get(text);
        if (cached != null) {
            return cached;
        }
        Parsed parsed = parse(text);
        if (entries.size() >= capacity) {
            entries.clear();
        }
        entries.put(text, parsed);
        return parsed;
    }

    int size() {
        return entries.size();
    }

    private static Parsed parse(String text) {
        try {
            return new Parsed(ExpressionCompiler.compile(text), null);
        } catch (ExpressionProblem e) {
            return new Parsed(null, e.getMessage());
        }
    }
}
