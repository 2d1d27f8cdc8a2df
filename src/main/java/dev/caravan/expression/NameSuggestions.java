package dev.caravan.expression;

import dev.caravan.definition.Suggestions;
import java.util.Collection;

/** "did you mean" for a misspelled name: the closest known name within a small edit distance. */
final class NameSuggestions {

    private NameSuggestions() {
    }

    static String unknownName(String name, Collection<String> known) {
        return Suggestions.closest(name, known)
                .map(match -> "unknown name '" + name + "' (did you mean '" + match + "'?)")
                .orElse("unknown name '" + name + "'");
    }
}
