package dev.caravan.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The small readers the parser is built of: durations, templates, suggestions, cron. */
class LanguagePartsTest {

    @ParameterizedTest
    @CsvSource({"500ms,500", "30s,30000", "5m,300000", "1h,3600000", "1d,86400000", "1h30m,5400000",
            "1m30s500ms,90500", "PT30S,30000", "PT1.5S,1500", "P1DT2H,93600000", "0s,0"})
    void durationsInEveryAcceptedForm(String text, long millis) {
        assertThat(DurationParser.parse(text)).contains(Duration.ofMillis(millis));
        assertThat(text).matches(DurationParser.PATTERN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "", "s", "30 s", "30sec", "1.5s", "30m1h", "-5s", "PT", "P", "pt30s", "1h 30m", "99999999999999999999s"})
    void anythingElseIsNoDuration(String text) {
        assertThat(DurationParser.parse(text)).isEmpty();
    }

    @Test
    void templatesNestAndSkipQuotedBraces() {
        assertThat(TemplateScanner.scan("a ${x} b ${ {'k': '}'}.k } c").expressions()).containsExactly("x", " {'k': '}'}.k ");
        assertThat(TemplateScanner.scan("no templates, just $ and { }").expressions()).isEmpty();
        assertThat(TemplateScanner.scan("${a} and ${b").unclosed()).isTrue();
        assertThat(TemplateScanner.scan("${a} and ${b").expressions()).containsExactly("a");
    }

    @Test
    void suggestionsCatchTyposButNotStrangers() {
        List<String> keys = List.of("agent", "action", "depends_on", "timeout");

        assertThat(Suggestions.closest("agnet", keys)).contains("agent");
        assertThat(Suggestions.closest("Action", keys)).contains("action");
        assertThat(Suggestions.closest("depend_on", keys)).contains("depends_on");
        assertThat(Suggestions.closest("owner", keys)).isEmpty();
        assertThat(Suggestions.didYouMean("timout", keys)).isEqualTo(" (did you mean 'timeout'?)");
    }

    @Test
    void cronTakesFiveFieldsOrQuartzForms() {
        assertThat(CronCheck.problemOf("*/5 * * * *")).isEmpty();
        assertThat(CronCheck.problemOf("0 0 12 ? * MON-FRI")).isEmpty();
        assertThat(CronCheck.problemOf("0 0 12 * * ? 2030")).isEmpty();
        assertThat(CronCheck.problemOf("every 5 minutes")).contains(CronCheck.EXPECTED);
        assertThat(CronCheck.problemOf("61 * * * *")).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("bad cron expression: ").doesNotContain("0 61"));
    }
}
