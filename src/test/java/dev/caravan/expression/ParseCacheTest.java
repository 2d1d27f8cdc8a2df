package dev.caravan.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParseCacheTest {

    @Test
    void anExpressionIsParsedOnceAndReused() {
        ParseCache cache = new ParseCache(10);

        ParseCache.Parsed first = cache.get("a.b > 1");
        ParseCache.Parsed again = cache.get("a.b > 1");

        assertThat(again).isSameAs(first);
        assertThat(cache.get("''.getClass()")).isSameAs(cache.get("''.getClass()"));
    }

    @Test
    void theCacheStaysWithinItsBound() {
        ParseCache cache = new ParseCache(3);

        for (int i = 0; i < 100; i++) {
            cache.get("x > " + i);
        }

        assertThat(cache.size()).isBetween(1, 3);
        assertThat(cache.get("x > 99").node()).isNotNull();
    }

    @Test
    void overlongTextIsNeverKept() {
        ParseCache cache = new ParseCache(3);

        assertThat(cache.get("1 + ".repeat(400) + "1").problem()).startsWith("the expression is too long");
        assertThat(cache.size()).isZero();
    }

    @Test
    void concatenatingLargeDataFinishesPromptly() {
        String big = "x".repeat(10_000);
        ExpressionEvaluator evaluator = new ExpressionEvaluator();
        String expression = "s" + " + s".repeat(40) + " == ''";
        MapBindings bindings = MapBindings.of("s", big, "m", Map.of("k", 1));

        long started = System.nanoTime();
        boolean result = evaluator.test(expression, bindings);

        assertThat(result).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void concatenationStopsAtAMillionCharacters() {
        MapBindings bindings = MapBindings.of("s", "x".repeat(100_000));

        assertThat(new ExpressionEvaluator().evaluate("s" + " + s".repeat(9), bindings)).asString().hasSize(1_000_000);
        assertThatThrownBy(() -> new ExpressionEvaluator().evaluate("s" + " + s".repeat(10), bindings))
                .hasMessageEndingWith("the text would be longer than 1000000 characters");
    }
}
