package dev.caravan.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quartz.CronExpression;

/**
 * Standard cron to Quartz, as a table; what is refused and why; and which instants a schedule fires
 * at across daylight saving changes, computed by Quartz itself.
 */
class QuartzCronTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            * * * * *            | 0 * * * * ?
            */5 * * * *          | 0 */5 * * * ?
            0 * * * *            | 0 0 * * * ?
            30 6 * * *           | 0 30 6 * * ?
            0 0 1 * *            | 0 0 0 1 * ?
            0 0 1,15 * *         | 0 0 0 1,15 * ?
            0 9-17 * * *         | 0 0 9-17 * * ?
            0 9-17/2 * * *       | 0 0 9-17/2 * * ?
            5/15 * * * *         | 0 5/15 * * * ?
            0 12 * JAN *         | 0 0 12 * JAN ?
            0 12 * jan-mar *     | 0 0 12 * JAN-MAR ?
            0 12 * 1-3,10 *      | 0 0 12 * 1-3,10 ?
            0 0 31 12 *          | 0 0 0 31 12 ?
            0 6 * * 0            | 0 0 6 ? * 1
            0 6 * * 7            | 0 0 6 ? * 1
            0 6 * * 1            | 0 0 6 ? * 2
            0 6 * * 6            | 0 0 6 ? * 7
            0 * * * 1-5          | 0 0 * ? * 2-6
            0 6 * * MON-FRI      | 0 0 6 ? * 2-6
            0 6 * * mon,wed,fri  | 0 0 6 ? * 2,4,6
            0 6 * * SUN          | 0 0 6 ? * 1
            0 6 * * 5-7          | 0 0 6 ? * 1,6-7
            0 6 * * 0-6          | 0 0 6 ? * 1-7
            0 6 * * 0,7          | 0 0 6 ? * 1
            0 6 * * */2          | 0 0 6 ? * 1,3,5,7
            0 6 * * 1-5/2        | 0 0 6 ? * 2,4,6
            0 6 * JUN SAT        | 0 0 6 ? JUN 7
            """)
    void fiveFieldsTranslate(String cron, String quartz) {
        assertThat(QuartzCron.toQuartz(cron)).isEqualTo(quartz);
    }

    @ParameterizedTest(name = "{0} is Quartz's own")
    @CsvSource(delimiter = '|', textBlock = """
            * * * * * ?
            */1 * * * * ?
            0 0 12 ? * MON-FRI
            0 15 10 L * ?
            0 15 10 ? * 6#3
            0 0 12 * * ? 2030
            """)
    void sixAndSevenFieldsAreTakenAsWritten(String quartz) {
        assertThat(QuartzCron.toQuartz(quartz)).isEqualTo(quartz);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            60 * * * *        | the minute field has 60, out of its range 0-59
            * 24 * * *        | the hour field has 24, out of its range 0-23
            * * 0 * *         | the day-of-month field has 0, out of its range 1-31
            * * 32 * *        | the day-of-month field has 32, out of its range 1-31
            * * * 13 *        | the month field has 13, out of its range 1-12
            * * * * 8         | the day-of-week field has 8, out of its range 0-7
            * 17-9 * * *      | the hour field '17-9' has a backwards range 17-9
            * * * * FRI-MON   | the day-of-week field 'FRI-MON' has a backwards range FRI-MON
            */0 * * * *       | the minute field '*/0' has a step of 0
            * * * FOO *       | the month field has 'FOO', which is not a number or one of JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC
            * * L * *         | 'L' uses a Quartz-only character (L W # ?), which standard 5-field cron does not have; write a 6-field Quartz expression to use it
            * * 15W * *       | '15W' uses a Quartz-only character (L W # ?), which standard 5-field cron does not have; write a 6-field Quartz expression to use it
            * * * * 5#3       | '5#3' uses a Quartz-only character (L W # ?), which standard 5-field cron does not have; write a 6-field Quartz expression to use it
            * * ? * 1         | '?' uses a Quartz-only character (L W # ?), which standard 5-field cron does not have; write a 6-field Quartz expression to use it
            1,,2 * * * *      | the minute field '1,,2' is not a value, range, list or step
            *-5 * * * *       | the minute field '*-5' has a range from *
            """)
    void refusalsSayWhatIsWrong(String cron, String problem) {
        assertThatThrownBy(() -> QuartzCron.toQuartz(cron)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(problem);
    }

    @Test
    void bothDayFieldsAreRefusedSinceCronWouldFireOnEither() {
        assertThatThrownBy(() -> QuartzCron.toQuartz("0 0 13 * 5"))
                .hasMessage("it restricts both day-of-month (13) and day-of-week (5), and cron then fires on a day that "
                        + "matches either, which Quartz cannot express; restrict only one of them, or write a 6-field "
                        + "Quartz expression");
    }

    @Test
    void quartzExpressionsAreCheckedByQuartz() {
        assertThatThrownBy(() -> QuartzCron.toQuartz("0 0 12 * * MON"))
                .hasMessageStartingWith("Quartz cannot read '0 0 12 * * MON': Support for specifying both a day-of-week "
                        + "AND a day-of-month parameter is not implemented");
        assertThatThrownBy(() -> QuartzCron.toQuartz("every 5 minutes please"))
                .hasMessage(CronCheck.EXPECTED);
    }

    /** What a schedule fires at around daylight saving changes, as Quartz computes it and Caravan schedules it. */
    @Nested
    class DaylightSaving {

        @Test
        void aDailyTimeInTheSpringGapDoesNotFireThatDay() throws ParseException {
            // Paris, Sunday 29 March 2026: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist
            assertThat(fires("30 2 * * *", "Europe/Paris", "2026-03-27T00:00:00Z", 4)).containsExactly(
                    "2026-03-27T01:30:00Z", "2026-03-28T01:30:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z");
        }

        @Test
        void aDailyTimeInTheRepeatedAutumnHourFiresOnceOnItsSecondOccurrence() throws ParseException {
            // Paris, Sunday 25 October 2026: 03:00 CEST goes back to 02:00 CET; 02:30 happens at 00:30Z and 01:30Z
            assertThat(fires("30 2 * * *", "Europe/Paris", "2026-10-23T00:00:00Z", 4)).containsExactly(
                    "2026-10-23T00:30:00Z", "2026-10-24T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-26T01:30:00Z");
        }

        @Test
        void anHourlyScheduleHasNoTwoAmOnSpringDay() throws ParseException {
            assertThat(fires("0 * * * *", "Europe/Paris", "2026-03-28T23:30:00Z", 3)).containsExactly(
                    "2026-03-29T00:00:00Z", // 01:00 CET
                    "2026-03-29T01:00:00Z", // 03:00 CEST: 02:00 never happened
                    "2026-03-29T02:00:00Z");
        }

        @Test
        void anHourlyScheduleFiresTheRepeatedHourOnceInAutumn() throws ParseException {
            assertThat(fires("0 * * * *", "Europe/Paris", "2026-10-24T22:30:00Z", 3)).containsExactly(
                    "2026-10-24T23:00:00Z", // 01:00 CEST
                    "2026-10-25T01:00:00Z", // 02:00 CET; 02:00 CEST (00:00Z) gets no fire
                    "2026-10-25T02:00:00Z");
        }

        @Test
        void aWeekdayMorningKeepsItsLocalTimeAcrossTheChange() throws ParseException {
            // New York moves to EDT on Sunday 8 March 2026: 9:00 is 14:00Z before, 13:00Z after
            assertThat(fires("0 9 * * MON-FRI", "America/New_York", "2026-03-06T00:00:00Z", 3)).containsExactly(
                    "2026-03-06T14:00:00Z", "2026-03-09T13:00:00Z", "2026-03-10T13:00:00Z");
        }

        private List<String> fires(String cron, String zone, String after, int count) throws ParseException {
            CronExpression expression = new CronExpression(QuartzCron.toQuartz(cron));
            expression.setTimeZone(TimeZone.getTimeZone(zone));
            List<String> fires = new ArrayList<>();
            Date last = Date.from(Instant.parse(after));
            for (int i = 0; i < count; i++) {
                last = expression.getNextValidTimeAfter(last);
                fires.add(last.toInstant().toString());
            }
            return fires;
        }
    }
}
