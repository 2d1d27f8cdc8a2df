package dev.caravan.definition;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@code ${...}} templates in a string value. Braces nest and quoted text may hold
 * braces, so {@code ${ {'a': 1}.a }} and {@code ${name == '}'}} are one template each.
 *
 * @param expressions the inside of each complete template, in order
 * @param unclosed whether a {@code ${} was left open at the end of the text
 */
record TemplateScanner(List<String> expressions, boolean unclosed) {

    static TemplateScanner scan(String text) {
        List<String> expressions = new ArrayList<>();
        int start = text.indexOf("${");
        while (start >= 0) {
            int end = closingBrace(text, start + 2);
            if (end < 0) {
                return new TemplateScanner(expressions, true);
            }
            expressions.add(text.substring(start + 2, end));
            start = text.indexOf("${", end + 1);
        }
        return new TemplateScanner(expressions, false);
    }

    /** Index of the brace that closes a template whose inside starts at {@code from}, or -1. */
    private static int closingBrace(String text, int from) {
        int depth = 1;
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
