package dev.caravan.expression;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "did you mean" for a misspelled name: the closest known name within a small edit distance. */
final class NameSuggestions {

    private NameSuggestions() {
    }

    static String unknownName(String name, Collection<String> known) {
        return closest(name, known)
                .map(match -> "unknown name '" + name + "' (did you mean '" + match + "'?)")
                .orElse("unknown name '" + name + "'");
    }

    static Optional<String> closest(String name, Collection<String> known) {
        int allowed = Math.max(2, name.length() / 3);
        return known.stream()
                .filter(candidate -> distance(name, candidate) <= allowed)
                .min(Comparator.<String>comparingInt(candidate -> distance(name, candidate))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
