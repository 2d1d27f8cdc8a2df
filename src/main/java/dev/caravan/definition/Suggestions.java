package dev.caravan.definition;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean": the known name closest to a mistyped one, when one is close enough to be a typo.
 * Distance is Damerau-Levenshtein (optimal string alignment), so a swap of two letters
 * ({@code agnet}) counts as one edit; case is ignored. The one "did you mean" of Caravan: workflow
 * keys and ids, registry keys and expression names all use it.
 */
public final class Suggestions {

    private Suggestions() {
    }

    /** {@code " (did you mean 'x'?)"} when a candidate is close to {@code typed}, else empty text. */
    public static String didYouMean(String typed, Collection<String> candidates) {
        return closest(typed, candidates).map(match -> " (did you mean '" + match + "'?)").orElse("");
    }

    /** The candidate closest to {@code typed} within the typo distance; the first one wins a tie. */
    public static Optional<String> closest(String typed, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(typed.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance <= allowedEdits(typed, candidate) && distance < bestDistance && !candidate.equals(typed)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** A third of the longer word's length, at least 1 and at most 3: short words tolerate one typo. */
    private static int allowedEdits(String typed, String candidate) {
        return Math.max(1, Math.min(3, Math.max(typed.length(), candidate.length()) / 3));
    }

    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
