package dev.caravan.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.definition.QuartzCron;
import dev.caravan.definition.ScheduleDefinition.Catchup;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which missed fires each catch-up policy runs. */
class MissedFiresTest {

    private static final String EVERY_FIVE_MINUTES = QuartzCron.toQuartz("*/5 * * * *");
    private static final Instant DOWN = Instant.parse("2026-11-21T10:02:00Z");
    private static final Instant UP = Instant.parse("2026-11-21T10:31:00Z");

    @Test
    void noneRunsNothingOfTheFiresMissed() {
        MissedFires missed = MissedFires.of(EVERY_FIVE_MINUTES, "UTC", DOWN, UP, Catchup.NONE);

        assertThat(missed.kept()).isEmpty();
        assertThat(missed.total()).isEqualTo(6);
    }

    @Test
    void latestRunsTheLastFireMissed() {
        assertThat(MissedFires.of(EVERY_FIVE_MINUTES, "UTC", DOWN, UP, Catchup.LATEST).kept())
                .containsExactly(Instant.parse("2026-11-21T10:30:00Z"));
    }

    @Test
    void allRunsEveryFireMissedOldestFirst() {
        assertThat(MissedFires.of(EVERY_FIVE_MINUTES, "UTC", DOWN, UP, Catchup.ALL).kept()).containsExactly(
                Instant.parse("2026-11-21T10:05:00Z"), Instant.parse("2026-11-21T10:10:00Z"),
                Instant.parse("2026-11-21T10:15:00Z"), Instant.parse("2026-11-21T10:20:00Z"),
                Instant.parse("2026-11-21T10:25:00Z"), Instant.parse("2026-11-21T10:30:00Z"));
    }

    @Test
    void allIsCappedAtTheLatestHundred() {
        MissedFires missed = MissedFires.of(EVERY_FIVE_MINUTES, "UTC", DOWN, DOWN.plusSeconds(24 * 3600), Catchup.ALL);

        assertThat(missed.total()).isEqualTo(288);
        assertThat(missed.kept()).hasSize(MissedFires.ALL_CAP)
                .endsWith(Instant.parse("2026-11-22T10:00:00Z"))
                .startsWith(Instant.parse("2026-11-22T01:45:00Z"));
    }

    @Test
    void aScheduleOfEverySecondDownForAMonthKeepsTheLatestAndCountsUpToTheLimit() {
        String everySecond = "* * * * * ?";
        Instant up = DOWN.plus(java.time.Duration.ofDays(30));

        MissedFires all = MissedFires.of(everySecond, "UTC", DOWN, up, Catchup.ALL);
        MissedFires latest = MissedFires.of(everySecond, "UTC", DOWN, up, Catchup.LATEST);

        assertThat(all.kept()).hasSize(MissedFires.ALL_CAP).endsWith(up)
                .startsWith(up.minusSeconds(MissedFires.ALL_CAP - 1));
        assertThat(latest.kept()).containsExactly(up);
        // 2,592,000 fires: counted no further than the limit, and said to be at least that many
        assertThat(all.total()).isEqualTo(MissedFires.COUNT_LIMIT);
        assertThat(all.totalIsAtLeast()).isTrue();
    }

    @Test
    void aRareScheduleIsFoundFarBeforeTheEndOfTheStretch() {
        String newYear = QuartzCron.toQuartz("0 0 1 1 *");

        MissedFires missed = MissedFires.of(newYear, "UTC", Instant.parse("2023-06-01T00:00:00Z"), UP, Catchup.ALL);

        assertThat(missed.kept()).containsExactly(Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(missed.total()).isEqualTo(3);
        assertThat(missed.totalIsAtLeast()).isFalse();
        assertThat(MissedFires.of(newYear, "UTC", Instant.parse("2023-06-01T00:00:00Z"), UP, Catchup.LATEST).kept())
                .containsExactly(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void theTimeZoneDecidesWhichInstantsWereMissed() {
        // 06:00 in Paris is 05:00Z in winter
        assertThat(MissedFires.of(QuartzCron.toQuartz("0 6 * * *"), "Europe/Paris",
                Instant.parse("2026-11-20T06:00:00Z"), Instant.parse("2026-11-23T04:00:00Z"), Catchup.ALL).kept())
                .containsExactly(Instant.parse("2026-11-21T05:00:00Z"), Instant.parse("2026-11-22T05:00:00Z"));
    }
}
