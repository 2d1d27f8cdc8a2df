package dev.caravan.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * A string split into literal text and {@code ${...}} expressions. {@code $${} writes a literal
 * {@code ${}. The closing brace is found outside quoted strings, so {@code ${'a}b'}} holds one
 * expression.
 */
record Template(List<Part> parts) {

    sealed interface Part {
    }

    record Text(String text) implements Part {
    }

    record Expression(String expression) implements Part {
    }

    Template {
        parts = List.copyOf(parts);
    }

    /** @throws ExpressionProblem when a {@code ${} is not closed */
    static Template parse(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                literal.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = closingBrace(text, i + 2);
                if (end < 0) {
                    throw new ExpressionProblem("'${' at position " + i + " is not closed by '}'");
                }
                if (!literal.isEmpty()) {
                    parts.add(new Text(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new Expression(text.substring(i + 2, end)));
                i = end + 1;
            } else {
                literal.append(text.charAt(i));
                i++;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Text(literal.toString()));
        }
        return new Template(parts);
    }

    /** True when the text is one {@code ${...}} and nothing else: it renders to the raw value. */
    boolean isSingleExpression() {
        return parts.size() == 1 && parts.getFirst() instanceof Expression;
    }

    List<String> expressions() {
        return parts.stream()
                .filter(Expression.class::isInstance)
                .map(part -> ((Expression) part).expression())
                .toList();
    }

    private static int closingBrace(String text, int from) {
        char quote = 0;
        int depth = 0;
        for (int j = from; j < text.length(); j++) {
            char c = text.charAt(j);
            if (quote != 0) {
                // a doubled quote ('it''s') closes and reopens, which leaves the state right
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return j;
                }
                depth--;
            }
        }
        return -1;
    }
}
