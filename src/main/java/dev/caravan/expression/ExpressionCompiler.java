package dev.caravan.expression;

import java.util.Locale;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Turns expression text into a checked {@link ExpressionNode} tree: length limit, SpEL's parser,
 * then the {@link AstWhitelist}. SpEL is used for its parser only; its evaluator never runs.
 */
final class ExpressionCompiler {

    static final int MAX_LENGTH = 1000;

    // compiler off and no auto-growing: nothing in the parser's configuration may create code or data
    private static final SpelExpressionParser PARSER = new SpelExpressionParser(
            new SpelParserConfiguration(SpelCompilerMode.OFF, null, false, false, 0, MAX_LENGTH));

    private ExpressionCompiler() {
    }

    /** @throws ExpressionProblem when the text is not an expression of Caravan's language */
    static ExpressionNode compile(String text) {
        if (text == null || text.isBlank()) {
            throw new ExpressionProblem("the expression is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new ExpressionProblem("the expression is too long: " + text.length()
                    + " characters, at most " + MAX_LENGTH);
        }
        String stripped = text.strip();
        if (stripped.startsWith("${") && stripped.endsWith("}")) {
            throw new ExpressionProblem("this is already an expression: write "
                    + stripped.substring(2, stripped.length() - 1).strip() + " without ${...}");
        }
        return AstWhitelist.translate(parse(text).getAST());
    }

    private static SpelExpression parse(String text) {
        try {
            return PARSER.parseRaw(text);
        } catch (ParseException e) {
            throw new ExpressionProblem(syntaxError(e));
        }
    }

    private static String syntaxError(ParseException e) {
        // SpEL's messages start with a code such as "EL1042E: "; users need the words only
        String words = e.getSimpleMessage().replaceFirst("^EL\\d+E:\\s*", "");
        String reason = words.isEmpty() ? "unexpected input"
                : words.substring(0, 1).toLowerCase(Locale.ROOT) + words.substring(1);
        return e.getPosition() >= 0
                ? "syntax error at position " + e.getPosition() + ": " + reason
                : "syntax error: " + reason;
    }
}
